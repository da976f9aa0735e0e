//! Reading typed values out of a parsed document: each reader takes a key as found in a
//! table, checks its type and range, and turns every problem into a PM001 finding located at
//! the key or value.

use chrono::NaiveDate;

use super::conflict_marker;
use super::doc::{Data, Doc, Table, Value};
use crate::diagnostic::{Diagnostic, Rule};
use crate::model::*;
use crate::store::suggest::did_you_mean;

/// One key of a table, as found in the file.
#[derive(Clone, Copy)]
pub(super) struct Field<'t> {
    pub(super) key: &'static str,
    /// From the start of the key to the end of the value.
    pub(super) span: Span,
    pub(super) value: Value<'t>,
    pub(super) value_span: Span,
}

pub(super) struct Decoder {
    pub(super) file: FileId,
    /// Bytes before the text handed to the parser (a UTF-8 byte order mark).
    pub(super) base: usize,
    pub(super) diags: Vec<Diagnostic>,
}

fn type_name(v: Value<'_>) -> &'static str {
    match v.data() {
        Data::String(_) => "a string",
        Data::Integer(..) => "an integer",
        Data::Float(_) => "a float",
        Data::Boolean(_) => "a boolean",
        Data::Datetime(dt) => match (dt.date, dt.time) {
            (Some(_), Some(_)) => "a date-time",
            (None, Some(_)) => "a time",
            _ => "a date",
        },
        Data::Array(_) => "an array",
        Data::Table(_) => "a table",
    }
}

/// A number as written (`0x1F`), from the digits and radix the parser leaves.
fn integer_text(digits: &str, radix: u32) -> String {
    let prefix = match radix {
        2 => "0b",
        8 => "0o",
        16 => "0x",
        _ => "",
    };
    format!("{prefix}{digits}")
}

impl Decoder {
    pub(super) fn new(file: FileId) -> Decoder {
        Decoder {
            file,
            base: 0,
            diags: Vec::new(),
        }
    }

    pub(super) fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::new(r.start + self.base, r.end + self.base)
    }

    pub(super) fn invalid(&mut self, span: Span, message: impl Into<String>) {
        let loc = Loc {
            file: self.file,
            span,
        };
        self.diags
            .push(Diagnostic::new(Rule::InvalidFile, loc, message));
    }

    pub(super) fn parse<'i>(&mut self, text: &'i str) -> Option<Doc<'i>> {
        let body = match text.strip_prefix('\u{feff}') {
            Some(rest) => {
                self.base = text.len() - rest.len();
                rest
            }
            None => text,
        };
        if let Some(at) = conflict_marker(body) {
            let span = Span::new(at + self.base, at + self.base);
            let loc = Loc {
                file: self.file,
                span,
            };
            // The line number is filled in by the message below once the location is known.
            let line = body[..at].matches('\n').count() + 1;
            self.diags.push(
                Diagnostic::new(
                    Rule::InvalidFile,
                    loc,
                    format!(
                        "unresolved merge conflict at line {line}; resolve it and run pm check again"
                    ),
                )
                .label("Git conflict marker"),
            );
            return None;
        }
        match super::parse::parse(body) {
            Ok(doc) => Some(doc),
            Err(e) => {
                let span = self.span(e.span.unwrap_or(0..0));
                let message = e.message.trim_end().to_owned();
                let loc = Loc {
                    file: self.file,
                    span,
                };
                self.diags.push(
                    Diagnostic::new(Rule::InvalidFile, loc, format!("invalid TOML: {message}"))
                        .label(message),
                );
                None
            }
        }
    }

    /// Looks up the allowed keys of a table in one pass, reporting every other key.
    pub(super) fn fields<'t, const N: usize>(
        &mut self,
        table: Table<'t>,
        what: &str,
        allowed: [&'static str; N],
    ) -> [Option<Field<'t>>; N] {
        let mut out = [None; N];
        for entry in table.iter() {
            let name = entry.key;
            let key_span = self.span(entry.key_span);
            let value_span = self.span(entry.value.span());
            match allowed.iter().position(|a| *a == name) {
                Some(i) => {
                    out[i] = Some(Field {
                        key: allowed[i],
                        span: Span {
                            start: key_span.start,
                            end: value_span.end.max(key_span.end),
                        },
                        value: entry.value,
                        value_span,
                    })
                }
                None => {
                    let hint = match did_you_mean(name, allowed) {
                        Some(s) => format!(" — did you mean '{s}'?"),
                        None => format!("; the keys of {what} are {}", allowed.join(", ")),
                    };
                    let message = format!("unknown key '{name}' in {what}{hint}");
                    self.diags.push(
                        Diagnostic::new(
                            Rule::InvalidFile,
                            Loc {
                                file: self.file,
                                span: key_span,
                            },
                            message,
                        )
                        .label("unknown key"),
                    );
                }
            }
        }
        out
    }

    pub(super) fn wrong_type(&mut self, f: Field<'_>, expected: &str) {
        let found = type_name(f.value);
        self.invalid(
            f.value_span,
            format!("'{}' must be {expected}, found {found}", f.key),
        );
    }

    pub(super) fn missing(&mut self, key: &str, what: &str, item: Span) {
        self.invalid(item, format!("missing required key '{key}' in {what}"));
    }

    pub(super) fn table<'t>(
        &mut self,
        f: Option<Field<'t>>,
        what: &str,
    ) -> Option<(Table<'t>, Span)> {
        let f = f?;
        match f.value.data() {
            Data::Table(t) => Some((t, f.value_span)),
            _ => {
                self.wrong_type(f, &format!("a table ({what})"));
                None
            }
        }
    }

    /// An array of tables (`[[work]]` or `work = [{ ... }]`), each with its span.
    pub(super) fn tables<'t>(
        &mut self,
        f: Option<Field<'t>>,
        what: &str,
    ) -> Vec<(Table<'t>, Span)> {
        let Some(f) = f else { return Vec::new() };
        let Data::Array(items) = f.value.data() else {
            self.wrong_type(f, &format!("an array of tables ({what})"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let span = self.span(item.span());
            match item.data() {
                Data::Table(t) => out.push((t, span)),
                _ => {
                    let found = type_name(item);
                    self.invalid(
                        span,
                        format!("each entry of {what} must be a table, found {found}"),
                    );
                }
            }
        }
        out
    }

    pub(super) fn string(&mut self, f: Option<Field<'_>>) -> Option<Sp<String>> {
        let f = f?;
        match f.value.data() {
            Data::String(s) => Some(Sp::new(s.to_owned(), f.span)),
            _ => {
                self.wrong_type(f, "a string");
                None
            }
        }
    }

    pub(super) fn required_string(
        &mut self,
        f: Option<Field<'_>>,
        key: &str,
        what: &str,
        item: Span,
    ) -> Option<Sp<String>> {
        if f.is_none() {
            self.missing(key, what, item);
        }
        self.string(f)
    }

    pub(super) fn required_id(
        &mut self,
        f: Option<Field<'_>>,
        key: &str,
        what: &str,
        item: Span,
    ) -> Option<Sp<String>> {
        let s = self.required_string(f, key, what, item)?;
        if let Some(why) = slug_error(&s.value) {
            self.invalid(s.span, format!("invalid id in {what}: {why}"));
            return None;
        }
        Some(s)
    }

    pub(super) fn strings(&mut self, f: Option<Field<'_>>) -> Vec<Sp<String>> {
        let Some(f) = f else { return Vec::new() };
        let Data::Array(items) = f.value.data() else {
            self.wrong_type(f, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let span = self.span(item.span());
            match item.data() {
                Data::String(s) => out.push(Sp::new(s.to_owned(), span)),
                _ => {
                    let found = type_name(item);
                    self.invalid(
                        span,
                        format!("'{}' must hold strings, found {found}", f.key),
                    );
                }
            }
        }
        out
    }

    pub(super) fn boolean(&mut self, f: Option<Field<'_>>) -> Option<bool> {
        let f = f?;
        match f.value.data() {
            Data::Boolean(b) => Some(b),
            _ => {
                self.wrong_type(f, "true or false");
                None
            }
        }
    }

    /// A percent: a whole number (its range is checked as PM005).
    pub(super) fn integer(&mut self, f: Option<Field<'_>>) -> Option<Sp<i64>> {
        self.whole(f, "a whole number (percent)", "a percent from 0 to 1000")
    }

    /// A whole number: `kind` names the type expected, `what` the values meant ("a percent
    /// from 0 to 1000"). The range itself is checked as PM005.
    pub(super) fn whole(
        &mut self,
        f: Option<Field<'_>>,
        kind: &str,
        what: &str,
    ) -> Option<Sp<i64>> {
        let f = f?;
        match f.value.data() {
            Data::Integer(digits, radix) => match i64::from_str_radix(digits, radix) {
                Ok(n) => Some(Sp::new(n, f.span)),
                Err(_) => {
                    self.invalid(
                        f.value_span,
                        format!(
                            "'{}' = {} is too large a number; write {what}",
                            f.key,
                            integer_text(digits, radix)
                        ),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(f, kind);
                None
            }
        }
    }

    /// Any finite number, integer or float.
    pub(super) fn number(&mut self, f: Option<Field<'_>>) -> Option<Sp<f64>> {
        let f = f?;
        let n = match f.value.data() {
            Data::Integer(digits, radix) => {
                i128::from_str_radix(digits, radix).ok().map(|n| n as f64)
            }
            Data::Float(x) => x.replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(f, "a number");
                return None;
            }
        };
        match n {
            Some(n) if n.is_finite() => Some(Sp::new(n, f.span)),
            _ => {
                self.invalid(f.value_span, format!("'{}' must be a finite number", f.key));
                None
            }
        }
    }

    /// Hours of effort: a finite number, not negative.
    pub(super) fn hours(&mut self, f: Option<Field<'_>>) -> Option<Sp<f64>> {
        let n = self.number(f)?;
        if n.value < 0.0 {
            self.invalid(n.span, "hours cannot be negative");
            return None;
        }
        Some(n)
    }

    pub(super) fn date(&mut self, f: Option<Field<'_>>) -> Option<Sp<NaiveDate>> {
        let f = f?;
        match f.value.data() {
            Data::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    match NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    ) {
                        Some(date) => Some(Sp::new(date, f.span)),
                        None => {
                            self.invalid(
                                f.value_span,
                                format!("'{}' = {dt} is not a calendar date", f.key),
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.invalid(
                        f.value_span,
                        format!(
                            "'{}' must be a date such as 2026-03-01, found {}; drop the time part",
                            f.key,
                            type_name(f.value)
                        ),
                    );
                    None
                }
            },
            Data::String(s) => {
                let hint = if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                    format!("; write {s} without quotes")
                } else {
                    String::new()
                };
                self.invalid(
                    f.value_span,
                    format!(
                        "'{}' must be a TOML date such as 2026-03-01, found a string{hint}",
                        f.key
                    ),
                );
                None
            }
            _ => {
                self.wrong_type(f, "a date such as 2026-03-01");
                None
            }
        }
    }

    pub(super) fn required_date(
        &mut self,
        f: Option<Field<'_>>,
        key: &str,
        what: &str,
        item: Span,
    ) -> Option<Sp<NaiveDate>> {
        if f.is_none() {
            self.missing(key, what, item);
        }
        self.date(f)
    }

    pub(super) fn choice<T: Copy>(
        &mut self,
        f: Option<Field<'_>>,
        options: &[(&'static str, T)],
    ) -> Option<Sp<T>> {
        let s = self.string(f)?;
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == s.value) {
            return Some(Sp::new(*v, s.span));
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let hint = match did_you_mean(&s.value, names.iter().copied()) {
            Some(n) => format!(" — did you mean '{n}'?"),
            None => String::new(),
        };
        let key = f.map(|f| f.key).unwrap_or("value");
        self.invalid(
            s.span,
            format!(
                "'{key}' = \"{}\" is not one of {}{hint}",
                s.value,
                names.join(", ")
            ),
        );
        None
    }

    pub(super) fn allow(
        &mut self,
        allow: Option<Field<'_>>,
        reason: Option<Field<'_>>,
        item: Span,
        what: &str,
    ) -> Allow {
        let mut out = Allow {
            rules: Vec::new(),
            reason: self
                .string(reason)
                .map(|s| s.value)
                .filter(|r| !r.trim().is_empty()),
        };
        let names = self.strings(allow);
        for n in &names {
            match Rule::lookup(&n.value) {
                Some(r) => out.rules.push(r),
                None => {
                    let hint = match did_you_mean(&n.value, Rule::ALL.iter().map(|r| r.name())) {
                        Some(s) => format!(" — did you mean '{s}'?"),
                        None => "; name a rule by code (PM102) or name (excluded-work)".into(),
                    };
                    self.invalid(n.span, format!("unknown rule '{}' in allow{hint}", n.value));
                }
            }
        }
        if !names.is_empty() && out.reason.is_none() {
            let at = allow.map(|f| f.span).unwrap_or(item);
            self.invalid(
                at,
                format!("`allow` in {what} needs a `reason`: say who decided and why"),
            );
        }
        out
    }
}
