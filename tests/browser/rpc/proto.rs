//! The few Protocol Buffers encodings the RPC servers need, written by hand (no protoc, no
//! prost): the suite's messages each carry one string field numbered 1
//! (`demo.v1.GreetRequest.name`, `GreetResponse.message`, `ErrorDetail.reason`), and a gRPC
//! error's details are a `google.rpc.Status` whose `details` are `google.protobuf.Any`.

/// The package and service of the suite's RPC: `demo.v1.Greeter/Greet`.
pub(crate) const SERVICE: &str = "demo.v1.Greeter";
/// The full path of the only method.
pub(crate) const GREET_PATH: &str = "/demo.v1.Greeter/Greet";
/// The fully qualified name of the error detail message.
pub(crate) const ERROR_DETAIL: &str = "demo.v1.ErrorDetail";

fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Appends a length-delimited field (wire type 2).
fn bytes_field(out: &mut Vec<u8>, number: u64, value: &[u8]) {
    varint(out, (number << 3) | 2);
    varint(out, value.len() as u64);
    out.extend_from_slice(value);
}

/// A message whose field 1 is the string `value`.
pub(crate) fn encode_string_message(value: &str) -> Vec<u8> {
    let mut out = Vec::new();
    if !value.is_empty() {
        bytes_field(&mut out, 1, value.as_bytes());
    }
    out
}

fn read_varint(buf: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *buf.get(*at)?;
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

/// Field 1 of a message as a string (empty when absent), skipping every other field; `None`
/// for bytes that are not a valid message.
pub(crate) fn decode_string_message(buf: &[u8]) -> Option<String> {
    let mut at = 0;
    let mut value = String::new();
    while at < buf.len() {
        let key = read_varint(buf, &mut at)?;
        match key & 7 {
            0 => {
                read_varint(buf, &mut at)?;
            }
            1 => at += 8,
            5 => at += 4,
            2 => {
                let len = usize::try_from(read_varint(buf, &mut at)?).ok()?;
                let bytes = buf.get(at..at.checked_add(len)?)?;
                at += len;
                if key >> 3 == 1 {
                    value = String::from_utf8(bytes.to_vec()).ok()?;
                }
            }
            _ => return None,
        }
    }
    (at == buf.len()).then_some(value)
}

/// `google.rpc.Status { code, message, details: [Any { type_url, value }] }`, the value of
/// `grpc-status-details-bin`, with one `demo.v1.ErrorDetail { reason }`.
pub(crate) fn rpc_status(code: i32, message: &str, reason: &str) -> Vec<u8> {
    let mut any = Vec::new();
    bytes_field(
        &mut any,
        1,
        format!("type.googleapis.com/{ERROR_DETAIL}").as_bytes(),
    );
    bytes_field(&mut any, 2, &encode_string_message(reason));
    let mut out = Vec::new();
    varint(&mut out, 1 << 3);
    varint(&mut out, u64::from(code.unsigned_abs()));
    bytes_field(&mut out, 2, message.as_bytes());
    bytes_field(&mut out, 3, &any);
    out
}

/// Standard base64 without padding, as Connect's JSON error details carry binary values.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

#[test]
fn encodings_round_trip_and_match_known_bytes() {
    assert_eq!(encode_string_message("hi"), [0x0a, 2, b'h', b'i']);
    assert_eq!(
        decode_string_message(&[0x0a, 2, b'h', b'i']).as_deref(),
        Some("hi")
    );
    // An unknown varint field (2 = 150) before field 1 is skipped.
    let with_extra = [0x10, 0x96, 0x01, 0x0a, 1, b'x'];
    assert_eq!(decode_string_message(&with_extra).as_deref(), Some("x"));
    assert_eq!(decode_string_message(&[0x0a, 5, b'x']), None);
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"Ma"), "TWE");
    assert_eq!(base64(b"M"), "TQ");
}
