//! Emitters: each turns plain data into the bytes of one output format. Nothing here reads
//! files or decides exit codes.

pub mod csv;
pub mod explain;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod man;
pub mod markdown;
pub mod markup;
pub mod mermaid;
pub mod sarif;
pub mod svg;
pub mod table;
pub mod yaml;
