//! The engine's log body cut back into the two streams it carries. Each write of a container
//! without a TTY comes as a frame: an 8-byte header (the stream: 1 stdout, 2 stderr; the
//! payload's length, big-endian, in its last four bytes), then the payload. A container with a
//! TTY has one plain stream and no frames, told by a first byte that names no stream. Frames
//! need not end where the pieces read from the connection do, so this keeps its place across
//! pieces and passes each payload on as it comes, never holding a frame.

use crate::events::LogStream;

/// Where the body is.
#[derive(Debug, Default)]
pub struct Demux {
    state: State,
}

#[derive(Debug, Default)]
enum State {
    #[default]
    Start,
    Header {
        got: usize,
        header: [u8; 8],
    },
    /// `stream` is `None` for a stream that is not shown (stdin).
    Payload {
        stream: Option<LogStream>,
        left: usize,
    },
    /// A TTY's output: everything is stdout.
    Plain,
}

impl Demux {
    /// Takes the next piece of the body; `out` gets each run of payload bytes with its stream.
    pub fn push(&mut self, mut bytes: &[u8], out: &mut dyn FnMut(LogStream, &[u8])) {
        while let Some(&first) = bytes.first() {
            match &mut self.state {
                State::Start if first > 2 => self.state = State::Plain,
                State::Start => self.state = State::Header { got: 0, header: [0; 8] },
                State::Header { got, header } => {
                    let n = (8 - *got).min(bytes.len());
                    header[*got..*got + n].copy_from_slice(&bytes[..n]);
                    *got += n;
                    bytes = &bytes[n..];
                    if *got == 8 {
                        let stream = match header[0] {
                            1 => Some(LogStream::Stdout),
                            2 => Some(LogStream::Stderr),
                            _ => None,
                        };
                        let left = u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as usize;
                        self.state = if left == 0 { State::Start } else { State::Payload { stream, left } };
                    }
                }
                State::Payload { stream, left } => {
                    let n = (*left).min(bytes.len());
                    if let Some(stream) = *stream {
                        out(stream, &bytes[..n]);
                    }
                    *left -= n;
                    bytes = &bytes[n..];
                    if *left == 0 {
                        self.state = State::Start;
                    }
                }
                State::Plain => {
                    out(LogStream::Stdout, bytes);
                    bytes = &[];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(stream: u8, payload: &[u8]) -> Vec<u8> {
        let len = u32::try_from(payload.len()).unwrap().to_be_bytes();
        [&[stream, 0, 0, 0][..], &len, payload].concat()
    }

    /// The body fed in pieces of `size` bytes; the payloads joined per stream.
    fn demux(body: &[u8], size: usize) -> (Vec<u8>, Vec<u8>) {
        let mut d = Demux::default();
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        for piece in body.chunks(size) {
            d.push(piece, &mut |stream, bytes| match stream {
                LogStream::Stdout => stdout.extend_from_slice(bytes),
                LogStream::Stderr => stderr.extend_from_slice(bytes),
            });
        }
        (stdout, stderr)
    }

    #[test]
    fn frames_go_to_their_streams_however_the_body_is_cut() {
        let body = [frame(1, b"out 1\n"), frame(2, b"err 1\n"), frame(1, b""), frame(0, b"stdin\n"), frame(1, b"out 2\n")].concat();
        for size in [1, 3, 7, 8, 9, body.len()] {
            let (stdout, stderr) = demux(&body, size);
            assert_eq!(stdout, b"out 1\nout 2\n", "stdout's payloads in order, in pieces of {size}");
            assert_eq!(stderr, b"err 1\n", "stderr's apart, in pieces of {size}");
        }
    }

    #[test]
    fn a_tty_log_is_plain_stdout() {
        let (stdout, stderr) = demux(b"hello\n\x01not a header\n", 4);
        assert_eq!(stdout, b"hello\n\x01not a header\n", "no frames once the first byte names no stream");
        assert!(stderr.is_empty(), "a TTY has one stream");
    }

    #[test]
    fn a_long_payload_is_passed_on_as_it_comes() {
        let payload = vec![b'x'; 100_000];
        let mut d = Demux::default();
        let mut pieces = 0;
        for piece in frame(1, &payload).chunks(4096) {
            d.push(piece, &mut |_, bytes| {
                assert!(bytes.len() <= 4096, "never more than what came");
                pieces += 1;
            });
        }
        assert_eq!(pieces, 25, "each piece read passed on at once, none held back for the whole frame");
    }
}
