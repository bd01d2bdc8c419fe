//! Splits a `command`/`entrypoint` string into words the way compose does (mattn/go-shellwords
//! without environment or backtick expansion): quotes group, backslash escapes, and parsing
//! stops at the first unquoted `;`, `&`, `|`, `<` or `>`.

/// The words of `line`, or `None` when a quote, escape, backtick or `$(` is left open.
pub fn split(line: &str) -> Option<Vec<String>> {
    #[derive(PartialEq)]
    enum Got {
        No,
        Single,
        Quoted,
    }
    let mut args = Vec::new();
    let mut buf = String::new();
    let (mut escaped, mut double, mut single, mut back, mut dollar) = (false, false, false, false, false);
    let mut got = Got::No;
    for r in line.chars() {
        if escaped {
            buf.push(r);
            escaped = false;
            got = Got::Single;
            continue;
        }
        if r == '\\' {
            if single {
                buf.push(r);
            } else {
                escaped = true;
            }
            continue;
        }
        if matches!(r, ' ' | '\t' | '\r' | '\n') {
            if single || double || back || dollar {
                buf.push(r);
            } else if got != Got::No {
                args.push(std::mem::take(&mut buf));
                got = Got::No;
            }
            continue;
        }
        match r {
            '`' if !single && !double && !dollar => back = !back,
            ')' if !single && !double && !back => dollar = !dollar,
            '(' if !single && !double && !back => {
                if !dollar && buf.ends_with('$') {
                    dollar = true;
                    buf.push('(');
                    continue;
                }
                return None;
            }
            '"' if !single && !dollar => {
                if double {
                    got = Got::Quoted;
                }
                double = !double;
                continue;
            }
            '\'' if !double && !dollar => {
                if single {
                    got = Got::Quoted;
                }
                single = !single;
                continue;
            }
            ';' | '&' | '|' | '<' | '>' if !(single || double || back || dollar) => {
                // `2>file`: a file-descriptor number before `>` is not a word.
                if r == '>' && buf.starts_with(|c: char| c.is_ascii_digit()) {
                    got = Got::No;
                }
                break;
            }
            _ => {}
        }
        got = Got::Single;
        buf.push(r);
    }
    if got != Got::No {
        args.push(buf);
    }
    if escaped || single || double || back || dollar {
        return None;
    }
    Some(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_compose() {
        let cases: [(&str, Option<&[&str]>); 12] = [
            ("echo hi", Some(&["echo", "hi"])),
            ("echo \"a b\" 'c d' e\\ f; echo g", Some(&["echo", "a b", "c d", "e f"])),
            ("x && y | z", Some(&["x"])),
            ("echo `date  x` y", Some(&["echo", "`date  x`", "y"])),
            ("echo $(date  x) y", Some(&["echo", "$(date  x)", "y"])),
            ("a 2>b", Some(&["a"])),
            ("a\"b c\"d", Some(&["ab cd"])),
            ("a '' b", Some(&["a", "", "b"])),
            ("a \\\"q", Some(&["a", "\"q"])),
            ("a 'x\\y'", Some(&["a", "x\\y"])),
            ("echo (x)", None),
            ("a\\", None),
        ];
        for (line, want) in cases {
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(split(line), want, "docker compose config splits {line:?} so");
        }
        assert_eq!(split("echo x) y"), None, "an unmatched ) opens $( parsing and never closes");
    }
}
