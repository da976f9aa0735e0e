//! JSON-RPC 2.0 over stdio with the Language Server Protocol's framing (`Content-Length`
//! headers). Written here rather than taken from `lsp-server`, whose reader ends the connection
//! at the first malformed message: an editor's server must answer a bad message with a protocol
//! error and go on.

use std::io::{self, BufRead, Read, Write};

use serde_json::{Value, json};

/// The largest message read; a bigger one is answered with an error and skipped.
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// One message from the client.
#[derive(Debug)]
pub enum Incoming {
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// A response to a request of the server's; pm sends none that need an answer.
    Response,
    /// A message that could not be read: answered with this error (JSON-RPC code, text).
    Invalid {
        id: Value,
        code: i64,
        message: String,
    },
}

/// JSON-RPC error codes.
pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const SERVER_NOT_INITIALIZED: i64 = -32002;

/// Reads the next message; `None` at the end of the input.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length: {value:?}")),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header: {header:?}")),
        }
    }
    let Some(length) = length else {
        let message = bad_header.unwrap_or_else(|| "no Content-Length header".to_owned());
        return Ok(Some(invalid(Value::Null, PARSE_ERROR, message)));
    };
    if length > MAX_MESSAGE {
        // Skip it without holding it in memory.
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        let message = format!("a message of {length} bytes is more than pm reads");
        return Ok(Some(invalid(Value::Null, INVALID_REQUEST, message)));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return Ok(Some(invalid(
                Value::Null,
                PARSE_ERROR,
                format!("not JSON: {e}"),
            )));
        }
    };
    Ok(Some(classify(value)))
}

fn invalid(id: Value, code: i64, message: String) -> Incoming {
    Incoming::Invalid { id, code, message }
}

/// A JSON value as a request, notification or response.
fn classify(value: Value) -> Incoming {
    let Value::Object(mut m) = value else {
        return invalid(
            Value::Null,
            INVALID_REQUEST,
            "a message must be a JSON object".into(),
        );
    };
    let id = m.remove("id");
    let params = m.remove("params").unwrap_or(Value::Null);
    match (m.remove("method"), id) {
        (Some(Value::String(method)), Some(id)) if id.is_number() || id.is_string() => {
            Incoming::Request { id, method, params }
        }
        (Some(Value::String(_)), Some(id)) => invalid(
            Value::Null,
            INVALID_REQUEST,
            format!("a request id must be a number or a string, not {id}"),
        ),
        (Some(Value::String(method)), None) => Incoming::Notification { method, params },
        (Some(_), id) => invalid(
            id.unwrap_or(Value::Null),
            INVALID_REQUEST,
            "method must be a string".into(),
        ),
        (None, Some(_)) if m.contains_key("result") || m.contains_key("error") => {
            Incoming::Response
        }
        (None, id) => invalid(
            id.unwrap_or(Value::Null),
            INVALID_REQUEST,
            "a message needs a method".into(),
        ),
    }
}

/// Writes one message.
pub fn write(out: &mut impl Write, message: &Value) -> io::Result<()> {
    let text = message.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

pub fn response(id: Value, result: Value) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "result": result })
}

pub fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

pub fn notification(method: &str, params: Value) -> Value {
    json!({ "jsonrpc": "2.0", "method": method, "params": params })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Vec<Incoming> {
        let mut input = io::BufReader::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(m) = read(&mut input).expect("read") {
            out.push(m);
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn good_and_bad_messages_are_told_apart_and_reading_goes_on() {
        let text = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#),
            frame("{not json"),
            frame("[1,2]"),
            frame(r#"{"jsonrpc":"2.0","method":"initialized"}"#),
            frame(r#"{"jsonrpc":"2.0","id":{"x":1},"method":"m"}"#),
            "Content-Length: x\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","id":2,"result":null}"#),
        ]
        .concat();
        let got = read_all(&text);
        assert!(matches!(&got[0], Incoming::Request { method, .. } if method == "initialize"));
        assert!(matches!(
            &got[1],
            Incoming::Invalid {
                code: PARSE_ERROR,
                ..
            }
        ));
        assert!(matches!(
            &got[2],
            Incoming::Invalid {
                code: INVALID_REQUEST,
                ..
            }
        ));
        assert!(
            matches!(&got[3], Incoming::Notification { method, .. } if method == "initialized")
        );
        assert!(matches!(
            &got[4],
            Incoming::Invalid {
                code: INVALID_REQUEST,
                ..
            }
        ));
        assert!(matches!(
            &got[5],
            Incoming::Invalid {
                code: PARSE_ERROR,
                ..
            }
        ));
        assert!(matches!(&got[6], Incoming::Response));
        assert_eq!(got.len(), 7);
    }
}
