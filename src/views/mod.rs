//! What each screen of the desktop app shows, computed in the core so the UI only draws:
//! the dashboard, the timeline's and the table's filtered rows, and the instrument,
//! commitment and milestone pages, all as of a date. Every status, count and deadline
//! comes from `derive`, through `snapshot` (or, for the timeline's first call, through
//! `timeline_direct`); nothing here has rules of its own.

mod dashboard;
mod detail;
mod filter;
mod milestone_view;
mod table;
mod timeline;
mod timeline_direct;

pub use dashboard::{
    dashboard, dashboard_from, Attention, Dashboard, InstrumentRollup, RecentUpdate,
    ATTENTION_SHOWN,
};
pub use detail::{
    commitment_detail, instrument_detail, milestone_detail, CommitmentDetail, CommitmentSummary,
    HistoryEntry, InstrumentDetail, MilestoneDetail,
};
pub use filter::{filter_options, FilterOptions, MilestoneFilter, Named, SEARCH_HITS};
pub use milestone_view::MilestoneView;
pub use table::{milestone_list, MilestoneList, MilestoneSort, SortDir, SortKey, TABLE_PAGE};
pub use timeline::{
    timeline, timeline_in, CommitmentLane, InstrumentLane, Timeline, DRAWN_AT_MOST, UNDATED_LISTED,
};
pub use timeline_direct::timeline_direct;
