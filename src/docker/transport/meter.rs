//! Watches the bytes of one answer as they are read from the engine, without changing them:
//! enough of HTTP/1.1 (status line, `Content-Length`, chunked transfer) to see the body, and
//! enough of the body's framing (JSON lines, log frames) to see each piece the client library
//! would hold in memory. It says when a bound is passed and whether the answer was complete
//! when the engine closed the connection. Pure: the connection feeds it.

use super::bounds::{Bounds, Framing, FRAME_LIMIT, HEAD_LIMIT, LINE_LIMIT};
use super::fault::Fault;

/// One answer being read.
#[derive(Debug)]
pub(crate) struct Meter {
    bounds: Bounds,
    stage: Stage,
}

#[derive(Debug)]
enum Stage {
    /// The status line and headers, until the empty line.
    Head(Vec<u8>),
    Body { transfer: Transfer, content: Content },
    /// The answer is complete; anything after it is not metered.
    Done,
}

#[derive(Debug)]
enum Transfer {
    Length(u64),
    Chunked(Chunk),
    /// Until the engine closes the connection (also an upgraded exec or attach stream).
    UntilClose,
}

#[derive(Debug)]
enum Chunk {
    Size { value: u64, digits: u8, extension: bool },
    SizeEnd { value: u64 },
    Data(u64),
    DataCr,
    DataLf,
    /// After the last chunk: trailer lines until an empty one; `empty` while at a line start.
    Trailer { empty: bool, cr: bool },
}

#[derive(Debug)]
enum Content {
    Whole { seen: u64, limit: u64 },
    /// Bytes since the last newline.
    Lines { run: u64, limit: u64 },
    /// Log frames; TTY output (no frames) is held by line when `tty_lines`.
    Frames { frame: Frame, tty_lines: bool },
    Raw,
}

#[derive(Debug)]
enum Frame {
    Start,
    Header { got: usize, length: u64 },
    Payload(u64),
}

impl Meter {
    pub(crate) fn new(bounds: Bounds) -> Meter {
        Meter { bounds, stage: Stage::Head(Vec::new()) }
    }

    /// Whether the engine may close the connection now without cutting its answer.
    pub(crate) fn complete(&self) -> bool {
        match &self.stage {
            Stage::Done => true,
            Stage::Body { transfer: Transfer::UntilClose, .. } => true,
            Stage::Head(_) | Stage::Body { .. } => false,
        }
    }

    /// Takes the next bytes read from the connection.
    pub(crate) fn feed(&mut self, mut bytes: &[u8]) -> Result<(), Fault> {
        while !bytes.is_empty() {
            bytes = match &mut self.stage {
                Stage::Head(head) => {
                    let (rest, done) = take_head(head, bytes)?;
                    if done {
                        let head = std::mem::take(head);
                        self.stage = self.after_head(&head)?;
                    }
                    rest
                }
                Stage::Body { transfer, content } => {
                    let (rest, done) = transfer.feed(bytes, content)?;
                    if done {
                        self.stage = Stage::Done;
                    }
                    rest
                }
                Stage::Done => return Ok(()),
            };
        }
        Ok(())
    }

    /// What follows a complete head: nothing, another head (an interim `1xx`), or a body.
    fn after_head(&self, head: &[u8]) -> Result<Stage, Fault> {
        let text = String::from_utf8_lossy(head);
        let mut lines = text.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        let status: u16 = match status_line.strip_prefix("HTTP/1.") {
            Some(rest) => rest.get(2..5).and_then(|s| s.parse().ok()).ok_or(Fault::NotHttp)?,
            None => return Err(Fault::NotHttp),
        };
        let mut chunked = false;
        let mut length = None;
        for line in lines {
            let Some((name, value)) = line.split_once(':') else { continue };
            let value = value.trim();
            if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked |= value.to_ascii_lowercase().contains("chunked");
            } else if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.parse::<u64>().map_err(|_| Fault::NotHttp)?);
            }
        }
        let success = (200..300).contains(&status);
        let content = match self.bounds.framing {
            Framing::Whole => Content::Whole { seen: 0, limit: self.bounds.whole_limit },
            // An error answer is read whole, whatever the endpoint streams on success.
            _ if !success && status != 101 => Content::Whole { seen: 0, limit: self.bounds.whole_limit },
            Framing::JsonLines => Content::Lines { run: 0, limit: LINE_LIMIT },
            Framing::LogFrames { tty_lines } => Content::Frames { frame: Frame::Start, tty_lines },
            Framing::Raw => Content::Raw,
        };
        let transfer = match status {
            101 => Transfer::UntilClose,
            100..=199 => return Ok(Stage::Head(Vec::new())),
            204 | 304 => return Ok(Stage::Done),
            _ if self.bounds.head => return Ok(Stage::Done),
            _ if chunked => Transfer::Chunked(Chunk::Size { value: 0, digits: 0, extension: false }),
            _ => match length {
                Some(0) => return Ok(Stage::Done),
                Some(n) => {
                    if let Content::Whole { limit, .. } = content {
                        if n > limit {
                            return Err(Fault::TooMuch { limit });
                        }
                    }
                    Transfer::Length(n)
                }
                None => Transfer::UntilClose,
            },
        };
        Ok(Stage::Body { transfer, content })
    }
}

/// Appends head bytes up to and including the empty line; the rest is the body's.
fn take_head<'a>(head: &mut Vec<u8>, bytes: &'a [u8]) -> Result<(&'a [u8], bool), Fault> {
    for (i, &b) in bytes.iter().enumerate() {
        head.push(b);
        if head.len() as u64 > HEAD_LIMIT {
            return Err(Fault::TooMuch { limit: HEAD_LIMIT });
        }
        if b == b'\n' && head.ends_with(b"\r\n\r\n") {
            return Ok((&bytes[i + 1..], true));
        }
        if head.len() == 5 && head.as_slice() != b"HTTP/" {
            return Err(Fault::NotHttp);
        }
    }
    Ok((&[], false))
}

impl Transfer {
    /// Feeds body bytes as they come on the wire; returns the bytes left over and whether
    /// the body ended.
    fn feed<'a>(&mut self, bytes: &'a [u8], content: &mut Content) -> Result<(&'a [u8], bool), Fault> {
        match self {
            Transfer::UntilClose => {
                content.feed(bytes)?;
                Ok((&[], false))
            }
            Transfer::Length(left) => {
                let n = bytes.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                content.feed(&bytes[..n])?;
                *left -= n as u64;
                Ok((&bytes[n..], *left == 0))
            }
            Transfer::Chunked(chunk) => chunk.feed(bytes, content),
        }
    }
}

impl Chunk {
    fn feed<'a>(&mut self, bytes: &'a [u8], content: &mut Content) -> Result<(&'a [u8], bool), Fault> {
        let Some((&b, rest)) = bytes.split_first() else { return Ok((bytes, false)) };
        if let Chunk::Data(left) = self {
            let n = bytes.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
            content.feed(&bytes[..n])?;
            *left -= n as u64;
            if *left == 0 {
                *self = Chunk::DataCr;
            }
            return Ok((&bytes[n..], false));
        }
        *self = match (&*self, b) {
            (Chunk::Size { value, digits, .. }, b'\r') if *digits > 0 => Chunk::SizeEnd { value: *value },
            (Chunk::Size { extension: true, .. }, _) => return Ok((rest, false)),
            (Chunk::Size { value, digits, .. }, b';' | b' ' | b'\t') if *digits > 0 => Chunk::Size { value: *value, digits: *digits, extension: true },
            (Chunk::Size { value, digits, .. }, _) => {
                let digit = char::from(b).to_digit(16).ok_or(Fault::NotHttp)?;
                if *digits >= 15 {
                    return Err(Fault::NotHttp);
                }
                Chunk::Size { value: value * 16 + u64::from(digit), digits: digits + 1, extension: false }
            }
            (Chunk::SizeEnd { value: 0 }, b'\n') => Chunk::Trailer { empty: true, cr: false },
            (Chunk::SizeEnd { value }, b'\n') => Chunk::Data(*value),
            (Chunk::DataCr, b'\r') => Chunk::DataLf,
            (Chunk::DataLf, b'\n') => Chunk::Size { value: 0, digits: 0, extension: false },
            (Chunk::Trailer { empty: true, cr: true }, b'\n') => return Ok((rest, true)),
            (Chunk::Trailer { .. }, b'\n') => Chunk::Trailer { empty: true, cr: false },
            (Chunk::Trailer { empty, .. }, b'\r') => Chunk::Trailer { empty: *empty, cr: true },
            (Chunk::Trailer { .. }, _) => Chunk::Trailer { empty: false, cr: false },
            _ => return Err(Fault::NotHttp),
        };
        Ok((rest, false))
    }
}

impl Content {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), Fault> {
        match self {
            Content::Whole { seen, limit } => {
                *seen += bytes.len() as u64;
                if *seen > *limit { Err(Fault::TooMuch { limit: *limit }) } else { Ok(()) }
            }
            Content::Lines { run, limit } => {
                *run = match bytes.iter().rposition(|&b| b == b'\n') {
                    Some(last) => (bytes.len() - last - 1) as u64,
                    None => *run + bytes.len() as u64,
                };
                if *run > *limit { Err(Fault::TooMuch { limit: *limit }) } else { Ok(()) }
            }
            Content::Raw => Ok(()),
            Content::Frames { .. } => self.feed_frames(bytes),
        }
    }

    fn feed_frames(&mut self, mut bytes: &[u8]) -> Result<(), Fault> {
        while let (Content::Frames { frame, tty_lines }, Some(&b)) = (&mut *self, bytes.first()) {
            match frame {
                // The decoder takes a first byte past 2 (no stream type) for TTY output.
                Frame::Start if b > 2 => {
                    // The log decoder looks for the newline from the start of what it holds on
                    // every read: its line is bounded like a JSON line, which bounds that work.
                    *self = if *tty_lines { Content::Lines { run: 0, limit: LINE_LIMIT } } else { Content::Raw };
                    return self.feed(bytes);
                }
                Frame::Start => *frame = Frame::Header { got: 0, length: 0 },
                Frame::Header { got, length } => {
                    if *got >= 4 {
                        *length = *length << 8 | u64::from(b);
                    }
                    *got += 1;
                    bytes = &bytes[1..];
                    if *got == 8 {
                        if *length > FRAME_LIMIT {
                            return Err(Fault::TooMuch { limit: FRAME_LIMIT });
                        }
                        *frame = if *length == 0 { Frame::Start } else { Frame::Payload(*length) };
                    }
                }
                Frame::Payload(left) => {
                    let n = bytes.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                    *left -= n as u64;
                    bytes = &bytes[n..];
                    if *left == 0 {
                        *frame = Frame::Start;
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::transport::bounds::WHOLE_LIMIT;

    fn bounds(framing: Framing) -> Bounds {
        Bounds { framing, whole_limit: WHOLE_LIMIT, within: None, silence: None, head: false }
    }

    fn chunked<B: AsRef<[u8]>>(body: &[B]) -> Vec<u8> {
        let mut out = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        for piece in body {
            let piece = piece.as_ref();
            out.extend_from_slice(format!("{:x};ext=1\r\n", piece.len()).as_bytes());
            out.extend_from_slice(piece);
            out.extend_from_slice(b"\r\n");
        }
        out
    }

    /// Feeds `bytes` one at a time, the worst split the network can make.
    fn trickle(meter: &mut Meter, bytes: &[u8]) -> Result<(), Fault> {
        bytes.chunks(1).try_for_each(|b| meter.feed(b))
    }

    #[test]
    fn a_whole_answer_is_complete_at_its_length_and_cut_before() {
        let answer = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nApi-Version: 1.41\r\n\r\nhello";
        let mut m = Meter::new(bounds(Framing::Whole));
        m.feed(&answer[..answer.len() - 1]).unwrap();
        assert!(!m.complete(), "one byte short: a close now cuts the answer");
        m.feed(&answer[answer.len() - 1..]).unwrap();
        assert!(m.complete(), "all of it");
        let mut big = Meter::new(bounds(Framing::Whole));
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", WHOLE_LIMIT + 1);
        assert_eq!(big.feed(head.as_bytes()), Err(Fault::TooMuch { limit: WHOLE_LIMIT }), "an announced length past the limit fails at once");
    }

    #[test]
    fn a_chunked_answer_is_counted_by_its_content() {
        let mut m = Meter::new(bounds(Framing::Whole));
        let mut bytes = chunked(&[&b"[{\"Id\":"[..], b"\"a\"}]"]);
        trickle(&mut m, &bytes).unwrap();
        assert!(!m.complete(), "no last chunk yet");
        bytes = b"0\r\n\r\n".to_vec();
        trickle(&mut m, &bytes).unwrap();
        assert!(m.complete(), "the last chunk ends it");
        let mut endless = Meter::new(Bounds { whole_limit: 1000, ..bounds(Framing::Whole) });
        let piece = [b'x'; 300];
        let result = chunked(&[&piece; 4]).chunks(64).try_for_each(|c| endless.feed(c));
        assert_eq!(result, Err(Fault::TooMuch { limit: 1000 }), "the content past the limit, not the framing");
    }

    #[test]
    fn json_lines_are_bounded_one_by_one_not_in_total() {
        let line = [vec![b'x'; 1000], b"\n".to_vec()].concat();
        let mut stream = chunked::<&[u8]>(&[]);
        for _ in 0..3000 {
            stream.extend_from_slice(format!("{:x}\r\n", line.len()).as_bytes());
            stream.extend_from_slice(&line);
            stream.extend_from_slice(b"\r\n");
        }
        assert!(stream.len() as u64 > LINE_LIMIT, "more than one line's limit in total");
        Meter::new(bounds(Framing::JsonLines)).feed(&stream).unwrap();
        let mut endless = Meter::new(bounds(Framing::JsonLines));
        let result = chunked(&[&[b'x'; 1 << 16]; 17]).chunks(8192).try_for_each(|c| endless.feed(c));
        assert_eq!(result, Err(Fault::TooMuch { limit: LINE_LIMIT }), "a line that never ends");
    }

    #[test]
    fn log_frames_announcing_too_much_fail_at_the_header() {
        let mut ok = Meter::new(bounds(Framing::LogFrames { tty_lines: true }));
        let frame = [&[1u8, 0, 0, 0, 0, 0, 0, 3][..], b"hi\n", &[2, 0, 0, 0, 0, 0, 0, 0]].concat();
        trickle(&mut ok, &chunked(&[&frame, &frame])).unwrap();
        let mut huge = Meter::new(bounds(Framing::LogFrames { tty_lines: true }));
        let header = [1u8, 0, 0, 0, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(huge.feed(&chunked(&[&header])), Err(Fault::TooMuch { limit: FRAME_LIMIT }), "a 4 GiB frame");
        let mut tty = Meter::new(bounds(Framing::LogFrames { tty_lines: true }));
        let result = chunked(&[&[b'y'; 1 << 16]; 17]).chunks(8192).try_for_each(|c| tty.feed(c));
        assert_eq!(result, Err(Fault::TooMuch { limit: LINE_LIMIT }), "a TTY log line that never ends");
        let mut exec = Meter::new(bounds(Framing::LogFrames { tty_lines: false }));
        exec.feed(b"HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n").unwrap();
        for _ in 0..20 {
            exec.feed(&[b'z'; 1 << 20]).unwrap();
        }
        assert!(exec.complete(), "exec output from a TTY is not held: any length, and it ends when the engine closes");
    }

    #[test]
    fn an_error_answer_of_a_stream_is_read_whole_and_bounded() {
        let mut m = Meter::new(Bounds { whole_limit: 100, ..bounds(Framing::JsonLines) });
        let answer = [&b"HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n"[..], b"65\r\n", &[b'\n'; 101]].concat();
        assert_eq!(m.feed(&answer), Err(Fault::TooMuch { limit: 100 }), "newlines do not reset an error body's count");
    }

    #[test]
    fn what_is_not_http_says_so() {
        assert_eq!(Meter::new(bounds(Framing::Whole)).feed(b"SSH-2.0-OpenSSH\r\n"), Err(Fault::NotHttp), "another protocol");
        let mut m = Meter::new(bounds(Framing::Whole));
        assert_eq!(m.feed(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), Err(Fault::NotHttp), "a bad chunk size");
        let mut endless_head = Meter::new(bounds(Framing::Whole));
        let result = std::iter::repeat_n(&b"X-Pad: aaaaaaaaaaaaaaaa\r\n"[..], 10_000).try_for_each(|h| endless_head.feed(h));
        let result = endless_head.feed(b"HTTP/1.1 200 OK\r\n").and(result);
        assert!(result.is_err(), "headers without end are bounded: {result:?}");
    }

    #[test]
    fn interim_and_bodyless_answers() {
        let mut m = Meter::new(bounds(Framing::Whole));
        m.feed(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n").unwrap();
        assert!(m.complete(), "a 204 has no body");
        let mut head = Meter::new(Bounds { head: true, ..bounds(Framing::Whole) });
        head.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n").unwrap();
        assert!(head.complete(), "the answer to HEAD has no body");
    }
}
