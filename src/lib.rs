//! pm keeps a program of related projects as TOML files in Git and checks them.
//!
//! Data flows one way: files → [`store`] (typed model with source spans) → [`check`] (plain
//! findings) and [`report`] (plain rows) → [`render`] (bytes) → stdout, driven by [`commands`].

pub mod check;
pub mod cli;
pub mod commands;
pub mod complete;
pub mod diagnostic;
pub mod edit;
pub mod git;
pub mod interchange;
pub mod load;
pub mod lsp;
pub mod merge;
pub mod model;
pub mod plan;
pub mod render;
pub mod report;
pub mod store;

use clap::{CommandFactory, Parser};

/// Runs pm with the process's arguments and returns its exit code: 0 clean, 1 findings,
/// 2 could not run (bad arguments, no program, unreadable files).
pub fn run() -> i32 {
    // Run by a shell's completion script (COMPLETE=bash and so on): print the candidates for
    // the line it passes and stop; otherwise this does nothing.
    let cwd = std::env::current_dir().ok();
    match clap_complete::CompleteEnv::with_factory(cli::Cli::command)
        .try_complete(std::env::args_os(), cwd.as_deref())
    {
        Ok(true) => return 0,
        Ok(false) => {}
        Err(e) => {
            let _ = e.print();
            return 2;
        }
    }
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match commands::run(cli) {
        Ok(commands::Exit::Success) => 0,
        Ok(commands::Exit::Findings) => 1,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            2
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
