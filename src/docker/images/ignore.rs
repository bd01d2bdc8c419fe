//! `.dockerignore`: which files of a build context stay out of the tar sent to the engine.
//! The rules are the docker CLI's: glob patterns over slash paths (`*`, `?`, `[…]`, `**`), a
//! pattern that matches a folder excludes what is inside it, `!` re-includes, the last
//! matching line wins.

use regex::Regex;

#[derive(Debug)]
struct Rule {
    pattern: Regex,
    exception: bool,
}

/// The parsed lines of one `.dockerignore`.
#[derive(Debug, Default)]
pub struct IgnoreRules {
    rules: Vec<Rule>,
}

impl IgnoreRules {
    pub fn parse(text: &str) -> IgnoreRules {
        let rules = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|line| {
                let (exception, glob) = match line.strip_prefix('!') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, line),
                };
                let glob = clean(glob);
                if glob.is_empty() {
                    return None;
                }
                // A line that is not a valid pattern matches nothing, as a typo in a comment would.
                Regex::new(&to_regex(&glob)).ok().map(|pattern| Rule { pattern, exception })
            })
            .collect();
        IgnoreRules { rules }
    }

    /// Whether `path` (relative to the context, with `/` separators) stays out.
    pub fn excludes(&self, path: &str) -> bool {
        let mut excluded = false;
        for rule in &self.rules {
            if rule.exception == excluded && matches_or_parent(&rule.pattern, path) {
                excluded = !rule.exception;
            }
        }
        excluded
    }

    /// With `!` lines, an excluded folder may still hold files that go in, so it must be walked.
    pub fn has_exceptions(&self) -> bool {
        self.rules.iter().any(|r| r.exception)
    }
}

fn matches_or_parent(pattern: &Regex, path: &str) -> bool {
    if pattern.is_match(path) {
        return true;
    }
    path.match_indices('/').any(|(i, _)| pattern.is_match(&path[..i]))
}

/// Like Go's `filepath.Clean` on a slash path, without a leading `/` or `./`.
fn clean(glob: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in glob.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn to_regex(glob: &str) -> String {
    let mut out = String::from("^");
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                    out.push_str("(.*/)?");
                } else {
                    out.push_str(".*");
                }
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            '[' => {
                out.push('[');
                if matches!(chars.peek(), Some('!' | '^')) {
                    chars.next();
                    out.push('^');
                }
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    if c == '\\' || c == '[' {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push(']');
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push_str(&regex::escape(&next.to_string()));
                }
            }
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_names_and_folders() {
        let rules = IgnoreRules::parse("# data stays home\n.git\ndata/\n*.log\n");
        assert!(rules.excludes(".git"), "the folder itself");
        assert!(rules.excludes(".git/config"), "a folder's contents go with it");
        assert!(rules.excludes("data/big.csv"), "a trailing slash still names the folder");
        assert!(rules.excludes("app.log"), "a glob at the top");
        assert!(!rules.excludes("sub/app.log"), "a plain glob is anchored at the context root");
        assert!(!rules.excludes("app.py"), "everything else goes in");
    }

    #[test]
    fn double_stars_and_exceptions() {
        let rules = IgnoreRules::parse("**/__pycache__\n*.md\n!README.md\n");
        assert!(rules.excludes("__pycache__/x.pyc"), "** matches no folder too");
        assert!(rules.excludes("a/b/__pycache__/x.pyc"), "** matches any depth");
        assert!(rules.excludes("NOTES.md"), "excluded by the glob");
        assert!(!rules.excludes("README.md"), "the last matching line wins");
        assert!(rules.has_exceptions(), "an exception line is noticed");
    }

    #[test]
    fn patterns_are_cleaned_like_the_docker_cli_does() {
        let rules = IgnoreRules::parse("/build/./out\n./secrets/../keys\nfile?.txt\n[ab].txt\n");
        assert!(rules.excludes("build/out/x"), "leading slash and dot removed");
        assert!(rules.excludes("keys"), "parent references resolved");
        assert!(rules.excludes("file1.txt") && !rules.excludes("file12.txt"), "? is one character");
        assert!(rules.excludes("a.txt") && !rules.excludes("c.txt"), "character classes");
    }
}
