//! Building blocks shared by several pages.

pub mod charts;
pub mod download;
pub mod feedback;
pub mod import_panel;
pub mod language_switch;
pub mod layer_panel;
pub mod layout;
pub mod lazy_view;
