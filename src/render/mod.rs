//! Emitters: each turns plain data into the bytes of one output format. Nothing here reads
//! files or decides exit codes.

pub mod csv;
pub mod diff;
pub mod explain;
pub mod github;
pub mod history;
pub mod html;
pub mod human;
pub mod json;
pub mod level;
pub mod man;
pub mod markdown;
pub mod markup;
pub mod mermaid;
pub mod sarif;
pub mod svg;
pub mod table;
pub mod yaml;

/// What `pm check --base` compared with: the summary of every format says it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Baseline {
    /// The revision as the user named it (`origin/main`).
    #[serde(skip)]
    pub name: String,
    /// Its full commit id.
    pub rev: String,
    /// Findings not shown because the revision has them too.
    pub hidden: usize,
}
