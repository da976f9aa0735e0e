//! A report as YAML, through serde_norway (the maintained continuation of serde_yaml): the same
//! document as the JSON, key for key.

use anyhow::{Context, Result};
use serde::Serialize;

pub fn render(doc: &impl Serialize) -> Result<String> {
    serde_norway::to_string(doc).context("cannot write the report as YAML")
}
