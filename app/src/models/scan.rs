//! A source-code scan in the browser: the events the server streams while it
//! reads an uploaded archive, and the preview it ends with. The server writes
//! them (`POST /api/scan`), the "from source code" page reads them.

use serde::{Deserialize, Serialize};

/// Where an upload is, as the server streams it (one server-sent event each).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ScanEvent {
    /// The archive was unpacked; `done` of `total` source files are parsed.
    Parsing {
        /// Source files parsed so far.
        done: usize,
        /// Source files to parse.
        total: usize,
    },
    /// Everything was read: what a project made from it would hold, and the
    /// project itself (native JSON) for the browser to create when the user
    /// confirms. Nothing is stored before that.
    Done {
        /// What was found.
        preview: ScanPreview,
        /// The project, as Seams JSON.
        project: String,
    },
    /// The scan could not finish; nothing was stored.
    Failed {
        /// Why, in English.
        en: String,
        /// Why, in Korean.
        ko: String,
    },
}

/// What a scan found, for the user to check before a project is made of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScanPreview {
    /// The project's name.
    pub name: String,
    /// Source files read per language: (language, files, lines).
    pub languages: Vec<(String, usize, usize)>,
    /// Modules (entry points not counted).
    pub modules: usize,
    /// Dependencies between modules.
    pub dependencies: usize,
    /// Every table the code touches, with who reads and who writes it.
    pub tables: Vec<ScannedTable>,
    /// Routes found, each with the module that serves it.
    pub entry_points: Vec<(String, String)>,
    /// Files and folders left out, with why (the first [`ScanPreview::SHOWN`]).
    pub skipped: Vec<(String, String)>,
    /// How many were left out in all.
    pub skipped_total: usize,
    /// Files with syntax the parser could not read, with the first lines
    /// (the first [`ScanPreview::SHOWN`]); what it could read is used.
    pub broken: Vec<(String, Vec<usize>)>,
    /// How many files had such syntax in all.
    pub broken_total: usize,
    /// Seconds the server spent unpacking and reading.
    pub seconds: f64,
}

impl ScanPreview {
    /// How many skipped or broken files a preview lists by name.
    pub const SHOWN: usize = 200;
}

/// One table and the modules that touch it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScannedTable {
    /// The table's name.
    pub table: String,
    /// Modules that only read it.
    pub readers: Vec<String>,
    /// Modules that write it.
    pub writers: Vec<String>,
}
