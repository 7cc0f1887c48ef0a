import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';
import { adoptEarly, discardEarly } from './lib/early';

// User Timing marks for the start-up benchmark's account of where the time goes.
performance.mark('accord:script');
const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');
adoptEarly(window);
const app = mount(App, { target });
// The dashboard takes the early answer as it mounts, or its first call (an effect, run
// before this task ends) takes the request under way; one neither took would be stale later.
setTimeout(discardEarly);
performance.mark('accord:mounted');
export default app;
