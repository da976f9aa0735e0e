//! The text of every file pm read, so findings can be turned into file:line:column and shown
//! with their source line.

use std::sync::{Arc, OnceLock};

use crate::model::{FileId, Loc};

/// Shared, not copied: the programs of a portfolio each hold the texts of all its files, so
/// that a finding about two programs can point into both.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
}

#[derive(Debug)]
pub struct SourceFile {
    /// Relative to the program root, with `/` separators.
    pub path: String,
    pub text: String,
    line_starts: OnceLock<Vec<usize>>,
    /// Characters before every [`CHAR_STEP`]-th byte, so the column of an offset deep in a long
    /// line (a minified file) costs O(CHAR_STEP), not O(line length), for each finding there.
    char_marks: OnceLock<Vec<usize>>,
}

const CHAR_STEP: usize = 1024;

/// Characters that start in `bytes` (every byte that is not a UTF-8 continuation byte).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// A 1-based line and column (in characters) in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl Sources {
    pub fn add(&mut self, path: String, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(Arc::new(SourceFile::new(path, text)));
        id
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn path(&self, id: FileId) -> &str {
        &self.get(id).path
    }
    /// The file at `path` (relative to the root).
    pub fn find(&self, path: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
    }
    /// Puts new text in place of a file's.
    pub fn replace(&mut self, id: FileId, text: String) {
        if let Some(f) = self.files.get_mut(id.0 as usize) {
            *f = Arc::new(SourceFile::new(f.path.clone(), text));
        }
    }
    pub fn line_col(&self, loc: Loc) -> LineCol {
        self.get(loc.file).line_col(loc.span.start as usize)
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl SourceFile {
    pub fn new(path: String, text: String) -> SourceFile {
        SourceFile {
            path,
            text,
            line_starts: OnceLock::new(),
            char_marks: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// Line and column of a byte offset; offsets past the end or inside a character are clamped.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let mut column = if offset - start <= CHAR_STEP {
            self.text[start..offset].chars().count() + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        // A byte order mark is not a column a user can see.
        if line == 1 && self.text.starts_with('\u{feff}') && offset > 0 {
            column -= 1;
        }
        LineCol { line, column }
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(bytes.len() / CHAR_STEP + 1);
            let mut n = 0;
            marks.push(0);
            for chunk in bytes.chunks(CHAR_STEP) {
                n += char_starts(chunk);
                marks.push(n);
            }
            marks
        });
        let k = offset / CHAR_STEP;
        marks[k] + char_starts(&bytes[k * CHAR_STEP..offset])
    }

    /// Byte offset of the start of a 1-based line (clamped to the end of the text).
    pub fn line_offset(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let f = SourceFile::new("x".into(), "ab\nçd\r\nef".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_col(100), LineCol { line: 3, column: 3 });
        assert_eq!(f.line_offset(3), 8);
    }

    #[test]
    fn columns_deep_in_a_long_line_and_after_a_bom() {
        let line: String = "é".repeat(3000) + "x";
        let f = SourceFile::new("x".into(), format!("a\n{line}\n"));
        let x = 2 + line.len() - 1;
        assert_eq!(
            f.line_col(x),
            LineCol {
                line: 2,
                column: 3001
            }
        );
        let f = SourceFile::new("x".into(), "\u{feff}[a]\nb".into());
        assert_eq!(f.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(4), LineCol { line: 1, column: 2 });
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
    }
}
