//! A parsed TOML document as one arena: every value is a node in one vector, the entries of a
//! table and the items of an array are linked cells in another, and strings are slices of the
//! file (or, when escapes had to be decoded, of one shared buffer). Building it costs a few
//! pushes per value instead of a map, a vector and a string per table; reading it is a walk.
//! [`super::parse`] builds it; the readers in [`super::reader`] look at it through [`Value`].

use toml_datetime::Datetime;

/// Where a string's bytes are: `len` bytes at `start` of the file, or of [`Doc::decoded`]
/// when `decoded` is set.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Str {
    pub(super) start: u32,
    pub(super) len: u32,
    pub(super) decoded: bool,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Kind {
    String(Str),
    /// The digits as the decoder left them (no sign for `+`, no `_`) and the radix.
    Integer(Str, u8),
    Float(Str),
    Boolean(bool),
    Datetime(Datetime),
    /// The items, and whether `[[...]]` headers made it (only those may be extended).
    Array(List, bool),
    Table(List, Flags),
}

/// How a table came to be, which decides what may still be added to it (TOML's rules on
/// defining a table twice).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Flags {
    /// Made on the way to another table (`[a.b]` makes `a`) or by a dotted key, not by its own
    /// header: a header may still define it once.
    pub(super) implicit: bool,
    /// Made by a dotted key (`a.b = 1` makes `a`).
    pub(super) dotted: bool,
    /// Written `{ ... }`, or made inside one: closed to everything outside it.
    pub(super) inline: bool,
}

/// A linked list of cells: `first` and `last` index [`Doc::cells`]; [`NONE`] when empty.
#[derive(Clone, Copy, Debug)]
pub(super) struct List {
    pub(super) first: u32,
    pub(super) last: u32,
    pub(super) len: u32,
}

pub(super) const NONE: u32 = u32::MAX;

impl List {
    pub(super) const EMPTY: List = List {
        first: NONE,
        last: NONE,
        len: 0,
    };
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Node {
    pub(super) kind: Kind,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// An entry of a table (with its key) or an item of an array (with an empty key).
#[derive(Clone, Copy, Debug)]
pub(super) struct Cell {
    pub(super) key: Str,
    /// A hash of the key, so that looking a key up rarely compares strings.
    pub(super) hash: u32,
    pub(super) key_start: u32,
    pub(super) key_end: u32,
    pub(super) value: u32,
    pub(super) next: u32,
}

/// A whole parsed file. Offsets are into the text handed to the parser.
#[derive(Debug)]
pub struct Doc<'s> {
    pub(super) src: &'s str,
    pub(super) decoded: String,
    pub(super) nodes: Vec<Node>,
    pub(super) cells: Vec<Cell>,
}

/// The root table is node 0.
pub(super) const ROOT: u32 = 0;

impl<'s> Doc<'s> {
    pub(super) fn new(src: &'s str) -> Doc<'s> {
        // About one value per 22 bytes of a typical program file, one cell per value: room
        // for one per 16 bytes, so the vectors are rarely copied to grow.
        let estimate = src.len() / 16 + 8;
        let mut nodes = Vec::with_capacity(estimate);
        nodes.push(Node {
            kind: Kind::Table(List::EMPTY, Flags::default()),
            start: 0,
            end: 0,
        });
        Doc {
            src,
            decoded: String::new(),
            nodes,
            cells: Vec::with_capacity(estimate),
        }
    }

    pub(super) fn str(&self, s: Str) -> &str {
        let (start, end) = (s.start as usize, s.start as usize + s.len as usize);
        let text = if s.decoded { &self.decoded } else { self.src };
        text.get(start..end).unwrap_or_default()
    }

    /// The root table (named like `Spanned::get_ref`, which the decoding once called here).
    pub fn get_ref(&self) -> Table<'_> {
        Table {
            doc: self,
            node: ROOT,
        }
    }
}

/// A value in a [`Doc`].
#[derive(Clone, Copy)]
pub struct Value<'d> {
    doc: &'d Doc<'d>,
    node: u32,
}

/// What a [`Value`] holds.
pub enum Data<'d> {
    String(&'d str),
    /// Digits (as [`Value::integer`] reads them) and radix.
    Integer(&'d str, u32),
    Float(&'d str),
    Boolean(bool),
    Datetime(&'d Datetime),
    Array(Items<'d>),
    Table(Table<'d>),
}

impl<'d> Value<'d> {
    fn node(&self) -> &'d Node {
        &self.doc.nodes[self.node as usize]
    }

    pub fn span(&self) -> std::ops::Range<usize> {
        let n = self.node();
        n.start as usize..n.end as usize
    }

    pub fn data(&self) -> Data<'d> {
        let doc = self.doc;
        match &self.node().kind {
            Kind::String(s) => Data::String(doc.str(*s)),
            Kind::Integer(s, radix) => Data::Integer(doc.str(*s), u32::from(*radix)),
            Kind::Float(s) => Data::Float(doc.str(*s)),
            Kind::Boolean(b) => Data::Boolean(*b),
            Kind::Datetime(dt) => Data::Datetime(dt),
            Kind::Array(list, _) => Data::Array(Items {
                doc,
                next: list.first,
                left: list.len as usize,
            }),
            Kind::Table(..) => Data::Table(Table {
                doc,
                node: self.node,
            }),
        }
    }
}

/// A table in a [`Doc`]: its entries in the order they were written.
#[derive(Clone, Copy)]
pub struct Table<'d> {
    doc: &'d Doc<'d>,
    node: u32,
}

/// One entry of a table: the key as decoded, where the key is written, and the value.
pub struct Entry<'d> {
    pub key: &'d str,
    pub key_span: std::ops::Range<usize>,
    pub value: Value<'d>,
}

impl<'d> Table<'d> {
    pub fn iter(&self) -> Entries<'d> {
        let first = match self.doc.nodes[self.node as usize].kind {
            Kind::Table(list, _) => list.first,
            _ => NONE,
        };
        Entries {
            doc: self.doc,
            next: first,
        }
    }
}

pub struct Entries<'d> {
    doc: &'d Doc<'d>,
    next: u32,
}

impl<'d> Iterator for Entries<'d> {
    type Item = Entry<'d>;
    fn next(&mut self) -> Option<Entry<'d>> {
        let cell = self.doc.cells.get(self.next as usize)?;
        self.next = cell.next;
        Some(Entry {
            key: self.doc.str(cell.key),
            key_span: cell.key_start as usize..cell.key_end as usize,
            value: Value {
                doc: self.doc,
                node: cell.value,
            },
        })
    }
}

/// The items of an array, in order.
pub struct Items<'d> {
    doc: &'d Doc<'d>,
    next: u32,
    left: usize,
}

impl<'d> Iterator for Items<'d> {
    type Item = Value<'d>;
    fn next(&mut self) -> Option<Value<'d>> {
        let cell = self.doc.cells.get(self.next as usize)?;
        self.next = cell.next;
        self.left = self.left.saturating_sub(1);
        Some(Value {
            doc: self.doc,
            node: cell.value,
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Items<'_> {}
