//! The files of a program as pm reads them: the folder on disk, with texts held in memory laid
//! over it (an editor's unsaved buffers), or texts in memory alone (the fuzz target, tests).
//! Loading and every edit read through a [`Tree`], so the editor server, `--dry-run` and the
//! commands see the same files the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::StoreError;
use super::discover::{PROGRAM_FILE, PROJECTS_DIR};
use super::load::{Found, project_files, read_text, text_of};

/// Where a program's files are read from.
#[derive(Debug, Clone)]
pub struct Tree {
    root: PathBuf,
    /// Whether files not in `texts` are read from `root` on disk.
    disk: bool,
    /// Texts by path relative to the root (`projects/lander.toml`), read before the disk.
    texts: BTreeMap<String, Vec<u8>>,
    /// The portfolio.toml of the portfolio the program is part of, relative to the root
    /// (`../portfolio.toml`): its shared pool is the program's too.
    portfolio: Option<String>,
    /// Paths held in memory that are symbolic links (a Git revision's), reported and skipped
    /// as links on disk are.
    links: BTreeSet<String>,
}

impl Tree {
    /// The program folder on disk, as it is, with the portfolio above it that lists it.
    pub fn on_disk(root: impl Into<PathBuf>) -> Tree {
        let root = root.into();
        let portfolio = super::discover::portfolio_above(&root);
        Tree {
            root,
            disk: true,
            texts: BTreeMap::new(),
            portfolio,
            links: BTreeSet::new(),
        }
    }

    /// The program folder on disk, read as a program of a portfolio that is loaded with it:
    /// the pool comes from there, not from a portfolio.toml found above.
    pub fn member_on_disk(root: impl Into<PathBuf>) -> Tree {
        Tree {
            root: root.into(),
            disk: true,
            texts: BTreeMap::new(),
            portfolio: None,
            links: BTreeSet::new(),
        }
    }

    /// Takes the shared pool from the portfolio.toml at `rel` (relative to the root), or from
    /// none.
    pub fn with_portfolio(mut self, rel: Option<String>) -> Tree {
        self.portfolio = rel;
        self
    }

    /// The portfolio.toml whose pool the program shares, relative to the root.
    pub fn portfolio(&self) -> Option<&str> {
        self.portfolio.as_deref()
    }

    /// Only the given texts: `path` relative to the root, `/`-separated.
    pub fn in_memory<'a>(texts: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Tree {
        Tree {
            root: PathBuf::new(),
            disk: false,
            texts: texts
                .into_iter()
                .map(|(p, t)| (p.to_owned(), t.to_vec()))
                .collect(),
            portfolio: None,
            links: BTreeSet::new(),
        }
    }

    /// Records `rel` as a symbolic link (of a tree held in memory): loading reports it as a
    /// link and does not read it.
    pub fn set_link(&mut self, rel: &str) {
        self.links.insert(rel.to_owned());
    }

    /// Lays `text` over the file at `rel` (which need not exist on disk).
    pub fn set_text(&mut self, rel: &str, text: impl Into<Vec<u8>>) {
        self.texts.insert(rel.to_owned(), text.into());
    }

    /// Forgets the text laid over `rel`: the disk's file shows again.
    pub fn clear_text(&mut self, rel: &str) {
        self.texts.remove(rel);
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the tree reads the disk (a real program folder) or memory alone.
    pub fn is_on_disk(&self) -> bool {
        self.disk
    }

    /// The text of `rel`. Not UTF-8 is `Ok(Err(text, offset))`: lossy text and where it went
    /// wrong.
    pub fn read(&self, rel: &str) -> std::io::Result<Result<String, (String, usize)>> {
        if let Some(bytes) = self.texts.get(rel) {
            return Ok(text_of(bytes.clone()));
        }
        if !self.disk {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{rel} is not in the program"),
            ));
        }
        read_text(&self.path(rel))
    }

    /// Where `rel` is on disk. `../portfolio.toml` is taken as written: through a program folder
    /// that is a link, it is the portfolio's the path names, not the one above the link's target.
    fn path(&self, rel: &str) -> PathBuf {
        if rel.starts_with("../") {
            super::discover::lexical(&self.root.join(rel))
        } else {
            self.root.join(rel)
        }
    }

    /// Whether `rel` exists (in memory or on disk; a link counts).
    pub fn exists(&self, rel: &str) -> bool {
        self.texts.contains_key(rel)
            || (self.disk && std::fs::symlink_metadata(self.root.join(rel)).is_ok())
    }

    /// Whether `rel` is a file (in memory, or a regular file on disk).
    pub fn is_file(&self, rel: &str) -> bool {
        self.texts.contains_key(rel) || (self.disk && self.root.join(rel).is_file())
    }

    /// Whether `rel` is a real folder on disk (not a link to one).
    pub fn is_folder(&self, rel: &str) -> bool {
        self.disk && std::fs::symlink_metadata(self.root.join(rel)).is_ok_and(|m| m.is_dir())
    }

    /// Every project file: those on disk (when the tree reads it) and those held in memory,
    /// sorted by relative path.
    pub fn project_files(&self) -> Result<Vec<Found>, StoreError> {
        let mut found = if self.disk {
            project_files(&self.root)?
        } else {
            Vec::new()
        };
        let prefix = format!("{PROJECTS_DIR}/");
        let mut listed: BTreeSet<String> = found.iter().map(|f| f.rel.clone()).collect();
        let held = self.texts.keys().map(|rel| (rel, false));
        for (rel, symlink) in held.chain(self.links.iter().map(|rel| (rel, true))) {
            let hidden = rel.split('/').any(|part| part.starts_with('.'));
            if rel.starts_with(&prefix)
                && rel.ends_with(".toml")
                && !hidden
                && listed.insert(rel.clone())
            {
                found.push(Found {
                    rel: rel.clone(),
                    path: self.root.join(rel),
                    symlink,
                });
            }
        }
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok(found)
    }

    /// Whether the program file is in the tree.
    pub fn has_program(&self) -> bool {
        self.exists(PROGRAM_FILE)
    }
}
