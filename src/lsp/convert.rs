//! Between pm's places (byte offsets in a text, paths) and the protocol's (line and character in
//! the negotiated encoding, `file://` URIs).

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, Uri};

/// How the client counts characters in a line: UTF-16 code units (the protocol's default) or
/// bytes (UTF-8), when the client offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The start of every line of a text, to turn offsets into positions and back.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a character start).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let character = match enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].encode_utf16().count(),
        };
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    /// The byte offset of a position; past the end of a line is its end, past the last line
    /// the end of the text.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(text.len(), |&e| e.saturating_sub(1));
        let line = &text[start..end.max(start)];
        let want = pos.character as usize;
        let mut count = 0;
        for (i, c) in line.char_indices() {
            if count >= want {
                return start + i;
            }
            count += match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        start + line.len()
    }

    pub fn range(&self, text: &str, start: usize, end: usize, enc: Encoding) -> Range {
        Range::new(
            self.position(text, start, enc),
            self.position(text, end.max(start), enc),
        )
    }
}

/// `file:///a/b%20c.toml` → `/a/b c.toml`; `None` for anything but a local file.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://localhost/x` names a local file too.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
}

/// A local path as a `file://` URI, every byte outside the unreserved set percent-encoded.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    use std::os::unix::ffi::OsStrExt;
    let mut s = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_both_encodings() {
        let text = "a = 1\nb = \"é😀x\"\n";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            lines.position(text, x, Encoding::Utf8),
            Position::new(1, 11)
        );
        assert_eq!(
            lines.position(text, x, Encoding::Utf16),
            Position::new(1, 8)
        );
        assert_eq!(lines.offset(text, Position::new(1, 8), Encoding::Utf16), x);
        assert_eq!(lines.offset(text, Position::new(1, 11), Encoding::Utf8), x);
        assert_eq!(lines.offset(text, Position::new(0, 99), Encoding::Utf16), 5);
        assert_eq!(
            lines.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/tmp/my program/projects/é.toml");
        let uri = path_to_uri(p).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/my%20program/projects/%C3%A9.toml"
        );
        assert_eq!(uri_to_path(&uri).unwrap(), p);
        let other: Uri = "untitled:Untitled-1".parse().unwrap();
        assert!(uri_to_path(&other).is_none());
    }
}
