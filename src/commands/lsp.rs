//! `pm lsp`: the language server, on this process's stdin and stdout.

use anyhow::Result;

use super::{Ctx, Exit};

pub fn run(ctx: &Ctx) -> Result<Exit> {
    // The protocol's exit code: 0 after a shutdown request, 1 when the client exits without one.
    match crate::lsp::run(std::io::stdin(), std::io::stdout(), ctx.today) {
        0 => Ok(Exit::Success),
        _ => Ok(Exit::Findings),
    }
}
