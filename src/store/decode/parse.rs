//! Builds a [`Doc`] straight from `toml_parser`'s events, applying TOML's rules on keys and
//! tables as they arrive: dotted keys and `[a.b]` headers make the tables on their way,
//! `[[a]]` appends to an array of tables, an inline table is closed to everything outside it,
//! and a key or table defined twice is an error at the second definition.
//!
//! The verdict and the first error (message and place) are the `toml` crate's own, which is
//! what pm reported before it read the events itself: syntax errors (found by the parser while
//! it emits events) come before errors of meaning (found here, in the order the events give
//! them), so building stops at the first error of either kind while the parser still runs to
//! find any syntax error later in the file. The tests compare both on a corpus and on random
//! documents.

use std::cell::Cell as Seen;
use std::collections::HashMap;
use std::ops::Range;

use toml_datetime::{Date, Datetime};
use toml_parser::decoder::{Encoding, ScalarKind, StringBuilder};
use toml_parser::parser::EventReceiver;
use toml_parser::{ErrorSink, Expected, ParseError, Raw, Source, Span};

use super::doc::{Cell, Doc, Flags, Kind, List, NONE, Node, ROOT, Str};

/// Why a text is not TOML, as the `toml` crate words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// The bytes at fault, when the error has a place.
    pub span: Option<Range<usize>>,
}

/// How deep arrays and inline tables may nest, and how many dotted parts a key may have,
/// before the text is refused (the `toml` crate's limit: deep input cannot overflow the stack
/// of anything that later walks the tree).
const LIMIT: u32 = 80;

/// A table with more entries than this gets a hash index for its keys, so that a hostile file
/// with a hundred thousand keys in one table is not quadratic.
const INDEXED: u32 = 16;

/// Parses a TOML document (without a byte order mark).
pub fn parse(text: &str) -> Result<Doc<'_>, SyntaxError> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let seen = Seen::new(false);
    let mut syntax = SyntaxSink {
        first: None,
        seen: &seen,
    };
    let mut builder = Builder::new(text, &seen);
    toml_parser::parser::parse_document(&tokens, &mut builder, &mut syntax);
    drop(tokens);
    builder.finish_table();
    if let Some(e) = syntax.first.or(builder.error) {
        return Err(describe(&e));
    }
    if builder.confused {
        // Events that no TOML text gives without a syntax error: trust the reference parser.
        debug_assert!(false, "unexpected events without an error");
        return Err(match toml::de::DeTable::parse(text) {
            Err(e) => SyntaxError {
                message: e.message().to_owned(),
                span: e.span(),
            },
            Ok(_) => SyntaxError {
                message: "pm cannot read the structure of this file".to_owned(),
                span: None,
            },
        });
    }
    Ok(builder.doc)
}

/// The `toml` crate's wording of a parse error: the description, then what was expected.
fn describe(e: &ParseError) -> SyntaxError {
    let mut message = e.description().to_owned();
    if let Some(expected) = e.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, what) in expected.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            match what {
                Expected::Literal(s) => message.push_str(&literal(s)),
                Expected::Description(s) => message.push_str(s),
                _ => message.push_str("etc"),
            }
        }
    }
    SyntaxError {
        message,
        span: e.unexpected().map(|s| s.start()..s.end()),
    }
}

/// An expected literal as the message shows it.
fn literal(s: &str) -> String {
    if s == "\n" {
        "newline".to_owned()
    } else if s == "`" {
        "'`'".to_owned()
    } else if s.chars().all(|c| c.is_ascii_control()) {
        format!("`{}`", s.escape_debug())
    } else {
        format!("`{s}`")
    }
}

/// Where the parser reports syntax errors; `seen` tells the builder to stop building.
struct SyntaxSink<'f> {
    first: Option<ParseError>,
    seen: &'f Seen<bool>,
}

impl ErrorSink for SyntaxSink<'_> {
    fn report_error(&mut self, error: ParseError) {
        self.seen.set(true);
        self.first.get_or_insert(error);
    }
}

/// A decoded key and where it is written.
#[derive(Clone, Copy)]
struct Key {
    s: Str,
    hash: u32,
    start: u32,
    end: u32,
}

/// A value being built: an array or an inline table. `base` is where the inline table's
/// current key starts in [`Builder::keys`].
enum Frame {
    Array(u32),
    Inline(u32, usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Between expressions.
    Body,
    /// Inside `[...]` or `[[...]]`, which started at `start`.
    Header { start: u32, array: bool },
    /// Reading the key of a key/value pair at the top level.
    Key,
    /// After the `=` of a key/value pair at the top level.
    Value,
}

struct Builder<'s, 'f> {
    doc: Doc<'s>,
    seen: &'f Seen<bool>,
    /// The first error of meaning.
    error: Option<ParseError>,
    /// Building has stopped at an error; events are only counted for the depth limit.
    stop: bool,
    /// Events came in an order no error explains (see [`parse`]).
    confused: bool,
    /// Nesting of arrays and inline tables, as the parser's recursion guard counts it.
    depth: i64,
    mode: Mode,
    /// The key being read (a header's, a top-level pair's, then an inline table's above
    /// that inline table's base).
    keys: Vec<Key>,
    frames: Vec<Frame>,
    /// The table that top-level key/value pairs go to.
    current: u32,
    /// A `[[...]]` table being filled, attached to its array when the next header starts (as
    /// the `toml` crate does, so that errors come in the same order).
    pending: Option<u32>,
    pending_keys: Vec<Key>,
    /// Keys of the tables with more than [`INDEXED`] entries.
    index: HashMap<u32, HashMap<Box<str>, u32>>,
}

impl<'s, 'f> Builder<'s, 'f> {
    fn new(src: &'s str, seen: &'f Seen<bool>) -> Builder<'s, 'f> {
        Builder {
            doc: Doc::new(src),
            seen,
            error: None,
            stop: false,
            confused: false,
            depth: 0,
            mode: Mode::Body,
            keys: Vec::new(),
            frames: Vec::new(),
            current: ROOT,
            pending: None,
            pending_keys: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn live(&self) -> bool {
        !self.stop && !self.seen.get()
    }

    fn fail(&mut self, e: ParseError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
        self.stop = true;
    }

    fn confuse(&mut self) {
        self.confused = true;
        self.stop = true;
    }

    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Raw<'s> {
        let src = self.doc.src;
        Raw::new_unchecked(
            src.get(span.start()..span.end()).unwrap_or_default(),
            encoding,
            span,
        )
    }

    // --- the arena ---

    fn node(&mut self, kind: Kind, start: usize, end: usize) -> u32 {
        let id = self.doc.nodes.len() as u32;
        self.doc.nodes.push(Node {
            kind,
            start: start as u32,
            end: end as u32,
        });
        id
    }

    fn table(&mut self, flags: Flags, start: usize, end: usize) -> u32 {
        self.node(Kind::Table(List::EMPTY, flags), start, end)
    }

    fn flags(&self, node: u32) -> Option<Flags> {
        match self.doc.nodes[node as usize].kind {
            Kind::Table(_, f) => Some(f),
            _ => None,
        }
    }

    fn set_flags(&mut self, node: u32, flags: Flags) {
        if let Kind::Table(_, f) = &mut self.doc.nodes[node as usize].kind {
            *f = flags;
        }
    }

    fn list(&self, node: u32) -> List {
        match self.doc.nodes[node as usize].kind {
            Kind::Table(l, _) | Kind::Array(l, _) => l,
            _ => List::EMPTY,
        }
    }

    /// Appends a cell to the entries of a table or the items of an array.
    fn append(&mut self, node: u32, key: Key, value: u32) {
        let id = self.doc.cells.len() as u32;
        self.doc.cells.push(Cell {
            key: key.s,
            hash: key.hash,
            key_start: key.start,
            key_end: key.end,
            value,
            next: NONE,
        });
        let (list, table) = match &mut self.doc.nodes[node as usize].kind {
            Kind::Table(list, _) => (list, true),
            Kind::Array(list, _) => (list, false),
            _ => return,
        };
        if list.last == NONE {
            list.first = id;
        } else if let Some(prev) = self.doc.cells.get_mut(list.last as usize) {
            prev.next = id;
        }
        list.last = id;
        list.len += 1;
        let len = list.len;
        if table && len > INDEXED {
            self.index_key(node, key, id, len);
        }
    }

    /// Keeps the hash index of a big table: made when it outgrows a walk, then kept up.
    #[cold]
    fn index_key(&mut self, node: u32, key: Key, cell: u32, len: u32) {
        if len == INDEXED + 1 {
            let mut keys = HashMap::new();
            let mut c = self.list(node).first;
            while let Some(cell) = self.doc.cells.get(c as usize) {
                keys.entry(self.doc.str(cell.key).into()).or_insert(c);
                c = cell.next;
            }
            self.index.insert(node, keys);
        } else if let Some(keys) = self.index.get_mut(&node) {
            keys.entry(self.doc.str(key.s).into()).or_insert(cell);
        }
    }

    /// The cell of `key` in table `node`.
    fn find(&self, node: u32, key: Key) -> Option<u32> {
        let list = self.list(node);
        if list.len > INDEXED {
            return self.index.get(&node)?.get(self.doc.str(key.s)).copied();
        }
        let mut c = list.first;
        while let Some(cell) = self.doc.cells.get(c as usize) {
            if cell.hash == key.hash && self.doc.str(cell.key) == self.doc.str(key.s) {
                return Some(c);
            }
            c = cell.next;
        }
        None
    }

    fn value_of(&self, cell: u32) -> u32 {
        self.doc.cells[cell as usize].value
    }

    fn type_str(&self, node: u32) -> &'static str {
        match self.doc.nodes[node as usize].kind {
            Kind::String(_) => "string",
            Kind::Integer(..) => "integer",
            Kind::Float(_) => "float",
            Kind::Boolean(_) => "boolean",
            Kind::Datetime(_) => "datetime",
            Kind::Array(..) => "array",
            Kind::Table(..) => "table",
        }
    }

    // --- TOML's rules ---

    /// Walks (making what is missing) from table `node` along `path`, as a header's path
    /// (`dotted` false) or a dotted key's (`dotted` true) may; `None` after an error.
    fn descend(&mut self, mut node: u32, path: &[Key], dotted: bool) -> Option<u32> {
        for &key in path {
            let Some(cell) = self.find(node, key) else {
                let flags = Flags {
                    implicit: true,
                    dotted,
                    ..Flags::default()
                };
                let t = self.table(flags, key.start as usize, key.end as usize);
                self.append(node, key, t);
                node = t;
                continue;
            };
            let v = self.value_of(cell);
            let at = span(key);
            match self.doc.nodes[v as usize].kind {
                Kind::Array(list, of_tables) => {
                    if !of_tables || list.last == NONE {
                        self.fail(
                            ParseError::new("cannot extend value of type array with a dotted key")
                                .with_unexpected(at),
                        );
                        return None;
                    }
                    let last = self.value_of(list.last);
                    if self.flags(last).is_none() {
                        let what = self.type_str(last);
                        self.fail(
                            ParseError::new(format!(
                                "cannot extend value of type {what} with a dotted key"
                            ))
                            .with_unexpected(at),
                        );
                        return None;
                    }
                    node = last;
                }
                Kind::Table(_, mut flags) => {
                    if flags.inline {
                        self.fail(
                            ParseError::new(
                                "cannot extend value of type inline table with a dotted key",
                            )
                            .with_unexpected(at),
                        );
                        return None;
                    }
                    if dotted && flags.implicit {
                        flags.dotted = true;
                        self.set_flags(v, flags);
                    }
                    if dotted && !flags.implicit {
                        self.fail(ParseError::new("duplicate key").with_unexpected(at));
                        return None;
                    }
                    node = v;
                }
                _ => {
                    let what = self.type_str(v);
                    self.fail(
                        ParseError::new(format!(
                            "cannot extend value of type {what} with a dotted key"
                        ))
                        .with_unexpected(at),
                    );
                    return None;
                }
            }
        }
        Some(node)
    }

    /// Walks from inline table `node` along a dotted key's `path`; `None` after an error.
    fn descend_inline(&mut self, mut node: u32, path: &[Key]) -> Option<u32> {
        for &key in path {
            let Some(cell) = self.find(node, key) else {
                let flags = Flags {
                    implicit: true,
                    dotted: true,
                    inline: true,
                };
                let t = self.table(flags, key.start as usize, key.end as usize);
                self.append(node, key, t);
                node = t;
                continue;
            };
            let v = self.value_of(cell);
            match self.flags(v) {
                Some(flags) if flags.implicit => node = v,
                Some(_) => {
                    self.fail(ParseError::new("duplicate key").with_unexpected(span(key)));
                    return None;
                }
                None => {
                    let what = self.type_str(v);
                    self.fail(
                        ParseError::new(format!(
                            "cannot extend value of type {what} with a dotted key"
                        ))
                        .with_unexpected(span(key)),
                    );
                    return None;
                }
            }
        }
        Some(node)
    }

    /// Adds `key = value` to `table`, unless the key is there already.
    fn insert(&mut self, table: u32, key: Key, value: u32) {
        if let Some(_old) = self.find(table, key) {
            self.fail(ParseError::new("duplicate key").with_unexpected(span(key)));
            return;
        }
        self.append(table, key, value);
    }

    /// A top-level `key = value` is complete.
    fn top_value(&mut self, value: u32) {
        let keys = std::mem::take(&mut self.keys);
        if let Some((&key, path)) = keys.split_last() {
            let dotted = !path.is_empty();
            let parent = if dotted {
                self.descend(self.current, path, dotted)
            } else {
                Some(self.current)
            };
            if let Some(parent) = parent {
                if dotted && self.flags(parent).is_some_and(|f| !f.implicit) {
                    self.fail(ParseError::new("duplicate key").with_unexpected(span(key)));
                } else {
                    self.insert(parent, key, value);
                }
            }
        } else {
            self.confuse();
        }
        self.keys = keys;
        self.keys.clear();
        self.mode = Mode::Body;
    }

    /// A `key = value` inside inline table `table`, whose key starts at `base`, is complete.
    fn inline_value(&mut self, table: u32, base: usize, value: u32) {
        let keys = std::mem::take(&mut self.keys);
        match keys.get(base..).and_then(|k| k.split_last()) {
            Some((&key, path)) => {
                if let Some(t) = self.descend_inline(table, path) {
                    let dotted = self.flags(t).is_some_and(|f| f.dotted);
                    if dotted == path.is_empty() {
                        self.fail(ParseError::new("duplicate key").with_unexpected(span(key)));
                    } else {
                        self.insert(t, key, value);
                    }
                }
            }
            None => self.confuse(),
        }
        self.keys = keys;
        self.keys.truncate(base);
    }

    /// A value is complete: it belongs to the array, inline table or pair being read.
    fn value_done(&mut self, value: u32) {
        match self.frames.last() {
            Some(&Frame::Array(array)) => self.append(array, NO_KEY, value),
            Some(&Frame::Inline(table, base)) => self.inline_value(table, base, value),
            None if self.mode == Mode::Value => self.top_value(value),
            None => self.confuse(),
        }
    }

    /// The table of the previous header is complete: a `[[...]]` table joins its array.
    fn finish_table(&mut self) {
        let Some(table) = self.pending.take() else {
            return;
        };
        if !self.live() {
            return;
        }
        let keys = std::mem::take(&mut self.pending_keys);
        if let Some((&key, path)) = keys.split_last()
            && let Some(parent) = self.descend(ROOT, path, false)
        {
            match self.find(parent, key) {
                None => {
                    let n = &self.doc.nodes[table as usize];
                    let (start, end) = (n.start as usize, n.end as usize);
                    let array = self.node(Kind::Array(List::EMPTY, true), start, end);
                    self.append(parent, key, array);
                    self.append(array, NO_KEY, table);
                }
                Some(cell) => {
                    let v = self.value_of(cell);
                    if matches!(self.doc.nodes[v as usize].kind, Kind::Array(_, true)) {
                        self.append(v, NO_KEY, table);
                    } else {
                        self.fail(ParseError::new("duplicate key").with_unexpected(span(key)));
                    }
                }
            }
        }
        self.pending_keys = keys;
    }

    /// A header is complete: `[...]` defines its table now, `[[...]]` starts a new one.
    fn header(&mut self, start: usize, end: usize, array: bool) {
        let keys = std::mem::take(&mut self.keys);
        let Some((&key, path)) = keys.split_last() else {
            self.confuse();
            return;
        };
        if path.len() >= LIMIT as usize {
            self.fail(ParseError::new("recursion limit"));
            return;
        }
        let fresh = Flags::default();
        if array {
            self.current = self.table(fresh, start, end);
            self.pending = Some(self.current);
            self.pending_keys.clear();
            self.pending_keys.extend_from_slice(&keys);
        } else if let Some(parent) = self.descend(ROOT, path, false) {
            match self.find(parent, key) {
                None => {
                    self.current = self.table(fresh, start, end);
                    self.append(parent, key, self.current);
                }
                Some(cell) => {
                    let v = self.value_of(cell);
                    match self.flags(v) {
                        // Made on the way to a deeper header: this header defines it now.
                        Some(f) if f.implicit && !f.dotted => {
                            let c = &mut self.doc.cells[cell as usize];
                            c.key_start = key.start;
                            c.key_end = key.end;
                            let n = &mut self.doc.nodes[v as usize];
                            n.start = start as u32;
                            n.end = end as u32;
                            self.set_flags(v, fresh);
                            self.current = v;
                        }
                        _ => self.fail(ParseError::new("duplicate key").with_unexpected(span(key))),
                    }
                }
            }
        }
        self.keys = keys;
        self.keys.clear();
    }

    /// Decodes a key, as the `toml` crate does, with a shortcut for plain bare keys.
    fn key(&mut self, span: Span, encoding: Option<Encoding>) -> Option<Key> {
        let raw = self.raw(span, encoding);
        let s = if encoding.is_none() && is_bare_key(raw.as_bytes()) {
            Str {
                start: span.start() as u32,
                len: raw.len() as u32,
                decoded: false,
            }
        } else {
            let mut out = Out::new(&mut self.doc.decoded);
            let mut errors = None;
            raw.decode_key(&mut out, &mut errors);
            let s = out.finish(self.doc.src);
            if let Some(e) = errors {
                self.fail(e);
                return None;
            }
            s
        };
        Some(Key {
            s,
            hash: key_hash(self.doc.str(s).as_bytes()),
            start: span.start() as u32,
            end: span.end() as u32,
        })
    }

    /// Decodes a scalar value, as the `toml` crate does, with shortcuts for the shapes program
    /// files are made of (plain strings, whole numbers, dates, booleans).
    fn scalar(&mut self, span: Span, encoding: Option<Encoding>) -> Option<Kind> {
        let raw = self.raw(span, encoding);
        if let Some(kind) = quick_scalar(raw.as_bytes(), span.start(), encoding) {
            return Some(kind);
        }
        let mut out = Out::new(&mut self.doc.decoded);
        let mut errors = None;
        let kind = raw.decode_scalar(&mut out, &mut errors);
        let s = out.finish(self.doc.src);
        if let Some(e) = errors {
            self.fail(e);
            return None;
        }
        Some(match kind {
            ScalarKind::String => Kind::String(s),
            ScalarKind::Boolean(b) => Kind::Boolean(b),
            ScalarKind::Float => Kind::Float(s),
            ScalarKind::Integer(radix) => Kind::Integer(s, radix.value() as u8),
            ScalarKind::DateTime => match self.doc.str(s).parse::<Datetime>() {
                Ok(dt) => Kind::Datetime(dt),
                Err(e) => {
                    self.fail(ParseError::new(e.to_string()).with_unexpected(span));
                    return None;
                }
            },
        })
    }

    /// The parser's recursion guard: one level deeper; `false` (and a syntax error) past the
    /// limit.
    fn deeper(&mut self, span: Span, error: &mut dyn ErrorSink) -> bool {
        self.depth += 1;
        if self.depth > i64::from(LIMIT) {
            error.report_error(
                ParseError::new("cannot recurse further; max recursion depth met")
                    .with_unexpected(span),
            );
            return false;
        }
        true
    }
}

/// The key of an array item.
const NO_KEY: Key = Key {
    s: Str {
        start: 0,
        len: 0,
        decoded: false,
    },
    hash: 0,
    start: 0,
    end: 0,
};

fn span(key: Key) -> Span {
    Span::new_unchecked(key.start as usize, key.end as usize)
}

impl EventReceiver for Builder<'_, '_> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.open_header(span, false);
    }
    fn array_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.open_header(span, true);
    }
    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.close_header(span, false);
    }
    fn array_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.close_header(span, true);
    }
    fn inline_table_open(&mut self, span: Span, error: &mut dyn ErrorSink) -> bool {
        if !self.deeper(span, error) {
            return false;
        }
        if self.live() {
            let flags = Flags {
                inline: true,
                ..Flags::default()
            };
            let t = self.table(flags, span.start(), span.end());
            let base = self.keys.len();
            self.frames.push(Frame::Inline(t, base));
        }
        true
    }
    fn inline_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.depth -= 1;
        if !self.live() {
            return;
        }
        match self.frames.pop() {
            Some(Frame::Inline(t, _)) => {
                self.doc.nodes[t as usize].end = span.end() as u32;
                self.value_done(t);
            }
            _ => self.confuse(),
        }
    }
    fn array_open(&mut self, span: Span, error: &mut dyn ErrorSink) -> bool {
        if !self.deeper(span, error) {
            return false;
        }
        if self.live() {
            let a = self.node(Kind::Array(List::EMPTY, false), span.start(), span.end());
            self.frames.push(Frame::Array(a));
        }
        true
    }
    fn array_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.depth -= 1;
        if !self.live() {
            return;
        }
        match self.frames.pop() {
            Some(Frame::Array(a)) => {
                self.doc.nodes[a as usize].end = span.end() as u32;
                self.value_done(a);
            }
            _ => self.confuse(),
        }
    }
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        if !self.live() {
            return;
        }
        match (self.frames.last(), self.mode) {
            (Some(Frame::Inline(..)), _) | (None, Mode::Header { .. } | Mode::Key) => {}
            (None, Mode::Body) => self.mode = Mode::Key,
            _ => {
                self.confuse();
                return;
            }
        }
        if let Some(key) = self.key(span, encoding) {
            self.keys.push(key);
        }
    }
    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if !self.live() {
            return;
        }
        let base = match self.frames.last() {
            Some(&Frame::Inline(_, base)) => base,
            Some(Frame::Array(_)) => {
                self.confuse();
                return;
            }
            None if self.mode == Mode::Key => {
                self.mode = Mode::Value;
                0
            }
            None => {
                self.confuse();
                return;
            }
        };
        if self.keys.len().saturating_sub(base) > LIMIT as usize {
            self.fail(ParseError::new("recursion limit"));
        }
    }
    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        if !self.live() {
            return;
        }
        if let Some(kind) = self.scalar(span, encoding) {
            let node = self.node(kind, span.start(), span.end());
            self.value_done(node);
        }
    }
    fn comment(&mut self, span: Span, error: &mut dyn ErrorSink) {
        self.raw(span, None).decode_comment(error);
    }
    fn newline(&mut self, span: Span, error: &mut dyn ErrorSink) {
        self.raw(span, None).decode_newline(error);
    }
}

impl Builder<'_, '_> {
    fn open_header(&mut self, span: Span, array: bool) {
        self.finish_table();
        if !self.live() {
            return;
        }
        if self.mode != Mode::Body || !self.frames.is_empty() {
            self.confuse();
            return;
        }
        self.keys.clear();
        self.mode = Mode::Header {
            start: span.start() as u32,
            array,
        };
    }

    fn close_header(&mut self, span: Span, array: bool) {
        if !self.live() {
            return;
        }
        match self.mode {
            Mode::Header { start, array: a } if a == array => {
                self.mode = Mode::Body;
                self.header(start as usize, span.end(), array);
            }
            _ => self.confuse(),
        }
    }
}

/// Collects a decoded string: a slice of the file while the decoder only hands over one piece
/// of it, else a copy in the document's shared buffer.
struct Out<'b, 's> {
    buf: &'b mut String,
    start: usize,
    borrowed: Option<&'s str>,
    owned: bool,
}

impl<'b, 's> Out<'b, 's> {
    fn new(buf: &'b mut String) -> Out<'b, 's> {
        let start = buf.len();
        Out {
            buf,
            start,
            borrowed: None,
            owned: false,
        }
    }

    fn own(&mut self) {
        if !self.owned {
            if let Some(b) = self.borrowed.take() {
                self.buf.push_str(b);
            }
            self.owned = true;
        }
    }

    fn finish(mut self, src: &str) -> Str {
        // The decoder may hand over a piece that is not of the file (`nan` for `+nan`).
        if let Some(b) = self.borrowed {
            let (at, end) = (b.as_ptr() as usize, src.as_ptr() as usize + src.len());
            if at < src.as_ptr() as usize || at + b.len() > end {
                self.own();
            }
        }
        if self.owned {
            return Str {
                start: self.start as u32,
                len: (self.buf.len() - self.start) as u32,
                decoded: true,
            };
        }
        match self.borrowed {
            Some(b) => Str {
                start: (b.as_ptr() as usize).saturating_sub(src.as_ptr() as usize) as u32,
                len: b.len() as u32,
                decoded: false,
            },
            None => Str::default(),
        }
    }
}

impl<'s> StringBuilder<'s> for Out<'_, 's> {
    fn clear(&mut self) {
        self.buf.truncate(self.start);
        self.borrowed = None;
        self.owned = false;
    }
    fn push_str(&mut self, append: &'s str) -> bool {
        if !self.owned && self.borrowed.is_none() {
            self.borrowed = Some(append);
        } else {
            self.own();
            self.buf.push_str(append);
        }
        true
    }
    fn push_char(&mut self, append: char) -> bool {
        self.own();
        self.buf.push(append);
        true
    }
}

/// `A-Z a-z 0-9 - _`, at least one: a bare key the decoder would take as written.
fn is_bare_key(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(|&c| BARE[c as usize])
}

const BARE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        c += 1;
    }
    t
};

/// A hash of a key's bytes (the multiply-rotate of FxHash), for [`Cell::hash`].
fn key_hash(b: &[u8]) -> u32 {
    let mut h = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    let mut word = [0u8; 8];
    for chunk in &mut chunks {
        word.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
    let rest = chunks.remainder();
    word = [0; 8];
    word[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    (h >> 32) as u32
}

/// Does a quoted string hold only characters that stand for themselves: no escape, no
/// control character but tab, no `quote`? Eight bytes at a time, since most of a program file
/// is such strings; a word with a control character is looked at byte by byte (a tab is fine).
fn plain(inner: &[u8], quote: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    let has_below_space = |x: u64| x.wrapping_sub(ONES * 0x20) & !x & HIGHS != 0;
    let byte_ok = |c: u8| c == b'\t' || (c >= 0x20 && c != quote && c != b'\\' && c != 0x7f);
    let mut chunks = inner.chunks_exact(8);
    let mut word = [0u8; 8];
    for chunk in &mut chunks {
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if has_zero(x ^ (ONES * u64::from(quote)))
            || has_zero(x ^ (ONES * u64::from(b'\\')))
            || has_zero(x ^ (ONES * 0x7f))
        {
            return false;
        }
        if has_below_space(x) && !chunk.iter().all(|&c| byte_ok(c)) {
            return false;
        }
    }
    chunks.remainder().iter().all(|&c| byte_ok(c))
}

/// The scalars that need no decoding, read directly; `None` for everything else (which the
/// decoder then reads, with its errors). Each shortcut accepts only text the decoder would
/// accept with the same result.
fn quick_scalar(b: &[u8], at: usize, encoding: Option<Encoding>) -> Option<Kind> {
    let inner = |quote: u8| {
        let [first, inner @ .., last] = b else {
            return None;
        };
        (*first == quote && *last == quote && plain(inner, quote)).then(|| {
            Kind::String(Str {
                start: (at + 1) as u32,
                len: inner.len() as u32,
                decoded: false,
            })
        })
    };
    match encoding {
        Some(Encoding::BasicString) => inner(b'"'),
        // `plain` also refuses a backslash, which a literal string may hold as itself: such a
        // string goes the decoder's way, to the same result.
        Some(Encoding::LiteralString) => inner(b'\''),
        Some(_) => None,
        None => match b {
            b"true" => Some(Kind::Boolean(true)),
            b"false" => Some(Kind::Boolean(false)),
            [b'1'..=b'9', rest @ ..] if rest.len() < 18 && rest.iter().all(u8::is_ascii_digit) => {
                Some(Kind::Integer(
                    Str {
                        start: at as u32,
                        len: b.len() as u32,
                        decoded: false,
                    },
                    10,
                ))
            }
            [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] => {
                let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
                if !digits.iter().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let n = |cs: &[&u8]| cs.iter().fold(0u16, |n, &&c| n * 10 + u16::from(c - b'0'));
                let (year, month, day) = (n(&digits[..4]), n(&digits[4..6]), n(&digits[6..]));
                let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
                let days = match month {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    1..=12 => 31,
                    _ => return None,
                };
                if day < 1 || day > days {
                    return None;
                }
                Some(Kind::Datetime(Datetime {
                    date: Some(Date {
                        year,
                        month: month as u8,
                        day: day as u8,
                    }),
                    time: None,
                    offset: None,
                }))
            }
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests;
