//! Data the pages and the server functions exchange: serialisable, shared by the
//! server and the browser.

mod access;
mod boundaries;
mod live;
mod project;
mod scan;
mod views;

pub use access::{AccessToken, CreatedToken, Invite, Member, Role, UserInfo};
pub use boundaries::{BoundaryView, ServiceDependency};
pub use live::{LiveMessage, Presence, Timer, VoteRound};
pub use project::{
    DEMO_PROJECT_ID, HistoryEntry, ProjectDoc, ProjectSummary, SavedEdit, SettingsLists,
};
pub use scan::{ScanEvent, ScanPreview, ScannedTable};
pub use views::{
    CallPage, CompareView, EditorModel, GraphEdge, GraphNode, GraphRequest, GraphView, Grouping,
    MAX_PAGE_ROWS, ModuleDetail, ModulePage, ProjectHead, SplitAgreement, SplitRow, SplitState,
    TablePage, TableQuery,
};
