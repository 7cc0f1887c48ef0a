// Short messages for things that happen outside any form (a link that could not be
// opened, an export written), shown in one polite live region by the app frame.

export type Notice = { id: number; text: string; tone: 'info' | 'error' };

class Notices {
  list = $state<Notice[]>([]);
  #next = 1;

  push(text: string, tone: Notice['tone'] = 'info', ms = 6000): void {
    const id = this.#next++;
    this.list = [...this.list, { id, text, tone }];
    if (ms > 0) setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }
}

export const notices = new Notices();
