//! The formats other tools read and write, mapped to and from pm's model as plain data:
//! Microsoft Project XML (MSPDI) both ways, iCalendar out, and the CSV files an office keeps
//! its people in. Nothing here reads or writes a file: texts come in and go out, so the
//! commands, the edits that import (`edit::import`) and the tests share one mapping.

pub mod ical;
pub mod mspdi;
pub mod people_csv;
pub mod sheet;
