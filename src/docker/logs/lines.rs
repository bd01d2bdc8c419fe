//! The engine hands logs over in frames that need not end at line ends (a long line arrives in
//! pieces, a burst of short ones in one frame). This cuts frames into lines, carrying the
//! unfinished end over to the next frame, and never holds more than one line: a line longer
//! than [`MAX_LINE`] is passed on in pieces of that size.

/// The longest piece held before it is passed on as a line of its own.
pub const MAX_LINE: usize = 64 * 1024;

/// Turns a stream's frames into lines; one per container stream (stdout, stderr).
#[derive(Debug)]
pub struct LineSplitter {
    partial: Vec<u8>,
    max: usize,
}

impl Default for LineSplitter {
    fn default() -> Self {
        LineSplitter::new(MAX_LINE)
    }
}

impl LineSplitter {
    pub fn new(max: usize) -> Self {
        LineSplitter { partial: Vec::new(), max: max.max(1) }
    }

    /// Feeds one frame; `line` is called for each complete line, without its `\n` (or `\r\n`).
    pub fn push(&mut self, mut frame: &[u8], line: &mut dyn FnMut(String)) {
        while !frame.is_empty() {
            let room = self.max - self.partial.len();
            match frame.iter().take(room).position(|&b| b == b'\n') {
                Some(end) => {
                    self.partial.extend_from_slice(&frame[..end]);
                    line(self.take());
                    frame = &frame[end + 1..];
                }
                None if frame.len() < room => {
                    self.partial.extend_from_slice(frame);
                    frame = &[];
                }
                None => {
                    self.partial.extend_from_slice(&frame[..room]);
                    line(self.take());
                    frame = &frame[room..];
                }
            }
        }
    }

    /// The unfinished last line, if any, when the stream has ended.
    pub fn finish(&mut self) -> Option<String> {
        (!self.partial.is_empty()).then(|| self.take())
    }

    fn take(&mut self) -> String {
        if self.partial.last() == Some(&b'\r') {
            self.partial.pop();
        }
        let text = String::from_utf8_lossy(&self.partial).into_owned();
        self.partial.clear();
        if self.partial.capacity() > self.max {
            self.partial.shrink_to(self.max);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(max: usize, frames: &[&[u8]]) -> (Vec<String>, Option<String>) {
        let mut s = LineSplitter::new(max);
        let mut lines = Vec::new();
        for f in frames {
            s.push(f, &mut |l| lines.push(l));
        }
        (lines, s.finish())
    }

    #[test]
    fn one_frame_many_lines() {
        let (lines, rest) = split(100, &[b"a\nbb\nccc\n"]);
        assert_eq!(lines, ["a", "bb", "ccc"], "each line on its own");
        assert_eq!(rest, None, "nothing left over after a final newline");
    }

    #[test]
    fn a_line_across_frames_is_carried_over() {
        let (lines, rest) = split(100, &[b"hel", b"lo\nwor", b"ld\n", b"tail"]);
        assert_eq!(lines, ["hello", "world"], "partial lines joined with their continuation");
        assert_eq!(rest.as_deref(), Some("tail"), "an unterminated last line is kept for the end");
    }

    #[test]
    fn crlf_and_empty_lines() {
        let (lines, _) = split(100, &[b"a\r\n\nb\r", b"\n"]);
        assert_eq!(lines, ["a", "", "b"], "\\r\\n ends a line like \\n, even split across frames; empty lines stay");
    }

    #[test]
    fn an_overlong_line_is_passed_on_in_bounded_pieces() {
        let (lines, rest) = split(4, &[b"abcdefghij\nxy"]);
        assert_eq!(lines, ["abcd", "efgh", "ij"], "never more than the bound held at once");
        assert_eq!(rest.as_deref(), Some("xy"), "the rest carried over");
        let (lines, _) = split(4, &[b"ab", b"cdef\n"]);
        assert_eq!(lines, ["abcd", "ef"], "the bound counts what was carried over");
    }

    #[test]
    fn a_utf8_character_split_across_frames_survives() {
        let bytes = "ñandú\n".as_bytes();
        let (lines, _) = split(100, &[&bytes[..1], &bytes[1..]]);
        assert_eq!(lines, ["ñandú"], "bytes are joined before decoding");
    }
}
