//! The same three looks into a lab container ([`super::exec`], [`super::read_file`],
//! [`super::lab_container`]) for a container on another node of the swarm, through a job the
//! swarm places on that node ([`run_on_node`]): a small script runs the docker CLI against
//! the node's engine. The script first refuses a container that is not the lab's (the same
//! rule as here: its compose project or stack namespace is the lab's), printing one status
//! line before anything else: `nivel-probe:ok`, `nivel-probe:missing` or
//! `nivel-probe:not-in-lab`. A file's archive comes back as hexadecimal (the logs it travels
//! through carry text), at most [`MAX_BYTES`] of it and its header.

use std::sync::Arc;

use super::{facts_of, in_project, ContainerFacts, ExecOutput, ExecRequest, FileRead, ProbeError, MAX_BYTES};
use crate::docker::labels::PROJECT;
use crate::docker::swarm::{run_on_node, HelperJob, NodeOutput, STACK_LABEL};
use crate::docker::Engine;

/// The node of the swarm a lab container runs on, when it is not the engine's own: the
/// node's id, and how a job looking into it there is made (its stack's labels and login).
#[derive(Clone, Debug)]
pub struct OtherNode {
    pub node: String,
    pub job: Arc<HelperJob>,
}

/// The same node for the same stack (whose jobs are made alike).
impl PartialEq for OtherNode {
    fn eq(&self, other: &OtherNode) -> bool {
        self.node == other.node && self.job.labels == other.job.labels
    }
}

impl Eq for OtherNode {}

/// One lab container on another node.
pub(super) struct OnNode<'a> {
    pub id: &'a str,
    pub at: &'a OtherNode,
}

/// The guard, then the asked look: `$1` container, `$2` project, `$3` what, then its words.
const SCRIPT: &str = r#"id="$1"; project="$2"; what="$3"; shift 3
owner=$(docker inspect -f '{{index .Config.Labels "PROJECT_LABEL"}}|{{index .Config.Labels "STACK_LABEL"}}' "$id" 2>/dev/null) || { echo nivel-probe:missing; exit 0; }
case "|$owner|" in *"|$project|"*) ;; *) echo nivel-probe:not-in-lab; exit 0;; esac
echo nivel-probe:ok
case "$what" in
inspect) exec docker inspect -f '{{json .}}' "$id" ;;
exec) user="$1"; shift; if [ -n "$user" ]; then exec docker exec -u "$user" "$id" "$@"; else exec docker exec "$id" "$@"; fi ;;
file) docker cp "$id:$1" - 2>/tmp/cp-error | head -c LIMIT | od -An -v -tx1; cat /tmp/cp-error >&2 ;;
esac
"#;

/// What the job printed once the guard let it through, and how it ended.
async fn look(engine: &Engine, c: &OnNode<'_>, project: &str, what: &str, words: &[String]) -> Result<NodeOutput, ProbeError> {
    let script = SCRIPT.replace("PROJECT_LABEL", PROJECT).replace("STACK_LABEL", STACK_LABEL).replace("LIMIT", &(MAX_BYTES + 1024).to_string());
    let mut command: Vec<String> = vec!["sh".into(), "-c".into(), script, "nivel-probe".into(), c.id.to_owned(), project.into(), what.into()];
    command.extend(words.iter().cloned());
    // Hexadecimal doubles a file's bytes (and spaces them): room for the archive's.
    let limit = 4 * (MAX_BYTES + 1024);
    let mut out = run_on_node(engine, &c.at.node, &c.at.job, command, limit).await.map_err(|e| ProbeError::Node { node: c.at.node.clone(), text: e.text() })?;
    let (status, rest) = match out.stdout.iter().position(|b| *b == b'\n') {
        Some(end) => (String::from_utf8_lossy(&out.stdout[..end]).into_owned(), out.stdout[end + 1..].to_vec()),
        None => (String::from_utf8_lossy(&out.stdout).into_owned(), Vec::new()),
    };
    match status.as_str() {
        "nivel-probe:ok" => {
            out.stdout = rest;
            Ok(out)
        }
        "nivel-probe:missing" => Err(ProbeError::Missing { id: c.id.to_owned() }),
        "nivel-probe:not-in-lab" => Err(ProbeError::NotInLab { id: c.id.to_owned(), project: project.to_owned() }),
        _ => {
            let said = String::from_utf8_lossy(&out.stderr).trim().to_owned();
            let detail = if said.is_empty() { format!("exit {:?}, no output", out.exit_code) } else { said };
            Err(ProbeError::Node { node: c.at.node.clone(), text: crate::lab::Text::new(detail.clone(), detail) })
        }
    }
}

pub(super) async fn exec(engine: &Engine, project: &str, c: &OnNode<'_>, request: &ExecRequest) -> Result<ExecOutput, ProbeError> {
    let mut words = vec![request.user.clone().unwrap_or_default()];
    words.extend(request.command.iter().cloned());
    let out = look(engine, c, project, "exec", &words).await?;
    Ok(ExecOutput { exit_code: out.exit_code, stdout: out.stdout, stderr: out.stderr, truncated: out.truncated })
}

pub(super) async fn lab_container(engine: &Engine, project: &str, c: &OnNode<'_>) -> Result<ContainerFacts, ProbeError> {
    let out = look(engine, c, project, "inspect", &[]).await?;
    let inspected: bollard::models::ContainerInspectResponse = serde_json::from_slice(&out.stdout).map_err(|e| {
        let text = format!("the node's engine gave no container description: {e}");
        ProbeError::Node { node: c.at.node.clone(), text: crate::lab::Text::new(text.clone(), text) }
    })?;
    if !in_project(inspected.config.as_ref().and_then(|c| c.labels.as_ref()), project) {
        return Err(ProbeError::NotInLab { id: c.id.to_owned(), project: project.to_owned() });
    }
    Ok(facts_of(&inspected, c.id))
}

pub(super) async fn read_file(engine: &Engine, project: &str, c: &OnNode<'_>, path: &str) -> Result<FileRead, ProbeError> {
    let out = look(engine, c, project, "file", &[path.to_owned()]).await?;
    let tar = from_hex(&out.stdout);
    if tar.is_empty() {
        // `docker cp` says why: no such path (the engine's 404), or something else.
        let said = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        if said.is_empty() || said.contains("Could not find the file") || said.contains("No such container:path") {
            return Ok(FileRead::Missing);
        }
        return Err(ProbeError::Node { node: c.at.node.clone(), text: crate::lab::Text::new(said.clone(), said) });
    }
    Ok(super::archive::first_entry(&tar))
}

/// The bytes `od -An -v -tx1` printed: pairs of hexadecimal digits, spaced and in lines.
fn from_hex(text: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = text.iter().filter_map(|c| (*c as char).to_digit(16).map(|d| d as u8)).collect();
    digits.chunks_exact(2).map(|p| p[0] << 4 | p[1]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn od_s_hexadecimal_is_read_back() {
        assert_eq!(from_hex(b" 00 ff 41 0a\n 7f\n"), vec![0x00, 0xff, 0x41, 0x0a, 0x7f], "spaced pairs over lines");
        assert_eq!(from_hex(b""), Vec::<u8>::new(), "nothing");
    }

    #[test]
    fn the_script_names_the_labels_and_the_limit() {
        let script = SCRIPT.replace("PROJECT_LABEL", PROJECT).replace("STACK_LABEL", STACK_LABEL);
        assert!(script.contains(r#""com.docker.compose.project"}}|{{index .Config.Labels "com.docker.stack.namespace""#), "{script}");
        assert!(SCRIPT.contains("head -c LIMIT"), "the archive is cut at the limit");
    }
}
