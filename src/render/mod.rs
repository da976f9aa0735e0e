//! Emitters: each turns plain data into the bytes of one output format. Nothing here reads
//! files or decides exit codes.

pub mod explain;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
