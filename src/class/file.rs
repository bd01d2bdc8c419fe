//! The class file: raw serde structs that keep where each value was written (unknown keys are
//! refused by serde, at the key), then a validated [`ClassFile`]. Every problem names its
//! place, what is wrong and the fix, in both languages.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::lab::spec::parse_size;
use crate::lab::Text;

use super::roster::{slug_problem, Student, STUDENT_ID_MAX};
use super::{ClassError, Limits, PortRange};

/// The class file format this Nivel reads.
pub const FORMAT: i64 = 1;

/// The longest class id: `<class>-<student>` names a namespace (63 characters at most).
pub const CLASS_ID_MAX: usize = 30;

/// A class file larger than this is not one (a roster of hundreds is a few tens of KiB).
const FILE_LIMIT: u64 = 1 << 20;

/// The size of each named volume's claim when the class file does not say.
pub const DEFAULT_STORAGE: u64 = 1 << 30;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    format: Option<Spanned<i64>>,
    id: Option<Spanned<String>>,
    lab: Option<Spanned<String>>,
    ports: Option<Spanned<String>>,
    registry: Option<Spanned<String>>,
    limits: Option<Spanned<RawLimits>>,
    #[serde(default, rename = "student")]
    students: Vec<Spanned<RawStudent>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    cpus: Option<Spanned<f64>>,
    memory: Option<Spanned<String>>,
    storage: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStudent {
    id: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    email: Option<Spanned<String>>,
}

/// A class, validated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassFile {
    /// The file it was read from; the lab folder is relative to it.
    pub path: PathBuf,
    /// `[a-z0-9-]`: names the class's secret and prefixes every student's namespace.
    pub id: String,
    /// A built-in lab's id, or a lab folder (relative to the class file).
    pub lab: String,
    pub ports: PortRange,
    /// Where the lab's locally built images are pushed for a cluster to pull
    /// (`registry.example.edu/mlops`).
    pub registry: Option<String>,
    /// What each student's stack may use.
    pub limits: Limits,
    /// The size of each named volume's claim, in bytes.
    pub storage: u64,
    pub students: Vec<Student>,
}

impl ClassFile {
    /// The lab as a folder on disk, when `lab` names one beside the class file.
    pub fn lab_folder(&self) -> Option<PathBuf> {
        let base = self.path.parent().unwrap_or(Path::new("."));
        let dir = base.join(&self.lab);
        dir.is_dir().then_some(dir)
    }
}

/// Reads and validates the class file at `path`.
pub fn read(path: &Path) -> Result<ClassFile, ClassError> {
    use std::io::Read;
    let io = |source| ClassError::Read { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut text = String::new();
    file.take(FILE_LIMIT + 1).read_to_string(&mut text).map_err(io)?;
    if text.len() as u64 > FILE_LIMIT {
        let whole = Problem::whole(
            Text::new(format!("el archivo tiene más de {FILE_LIMIT} bytes"), format!("the file is larger than {FILE_LIMIT} bytes")),
            Text::new("un archivo de clase es un TOML pequeño (vea docs/classes.md)", "a class file is a small TOML file (see docs/classes.md)"),
        );
        return Err(whole.at(path, &text));
    }
    parse(path, &text)
}

/// Validates `text` as the class file at `path`; the first problem, with its place.
pub fn parse(path: &Path, text: &str) -> Result<ClassFile, ClassError> {
    let raw: RawClass = toml::from_str(text).map_err(|e| Problem::of_toml(&e).at(path, text))?;
    validate(raw, path).map_err(|p| p.at(path, text))
}

/// One problem before its place is turned into a line and a column.
struct Problem {
    span: Option<Range<usize>>,
    message: Text,
    fix: Text,
}

impl Problem {
    fn whole(message: Text, fix: Text) -> Problem {
        Problem { span: None, message, fix }
    }

    fn at_span(span: Range<usize>, message: Text, fix: Text) -> Problem {
        Problem { span: Some(span), message, fix }
    }

    /// toml's own message, led in Spanish by what it is about.
    fn of_toml(e: &toml::de::Error) -> Problem {
        let en = e.message().trim().to_owned();
        let (message, fix) = if let Some(rest) = en.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or_default();
            let expected = rest.split_once(", expected ").map(|(_, x)| x.to_owned()).unwrap_or_default();
            (
                Text::new(format!("clave desconocida `{key}`"), format!("unknown key `{key}`")),
                Text::new(format!("quítela o escriba una de estas: {expected}"), format!("remove it or write one of: {expected}")),
            )
        } else {
            (
                Text::new(format!("el archivo de clase no se lee: {en}"), format!("the class file does not read: {en}")),
                Text::new("corrija el TOML en ese lugar (vea docs/classes.md)", "correct the TOML at that place (see docs/classes.md)"),
            )
        };
        Problem { span: e.span(), message, fix }
    }

    fn at(self, path: &Path, text: &str) -> ClassError {
        let (line, col) = self.span.map_or((0, 0), |s| line_col(text, s.start));
        ClassError::File { path: path.to_path_buf(), line, col, message: self.message, fix: Box::new(self.fix) }
    }
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    (line, col)
}

fn missing(key: &str, example: &str) -> Problem {
    Problem::whole(
        Text::new(format!("falta `{key}`"), format!("`{key}` is missing")),
        Text::new(format!("añada `{example}`"), format!("add `{example}`")),
    )
}

fn validate(raw: RawClass, path: &Path) -> Result<ClassFile, Problem> {
    if let Some(format) = &raw.format {
        if *format.get_ref() != FORMAT {
            return Err(Problem::at_span(
                format.span(),
                Text::new(format!("formato {} desconocido; esta versión de Nivel lee el {FORMAT}", format.get_ref()), format!("unknown format {}; this Nivel reads format {FORMAT}", format.get_ref())),
                Text::new(format!("escriba `format = {FORMAT}` o actualice Nivel"), format!("write `format = {FORMAT}` or update Nivel")),
            ));
        }
    }
    let id = raw.id.ok_or_else(|| missing("id", "id = \"mlops-2027\""))?;
    if let Some(why) = slug_problem(id.get_ref(), CLASS_ID_MAX) {
        return Err(Problem::at_span(
            id.span(),
            Text::new(format!("el id de clase `{}` {}", id.get_ref(), why.es), format!("class id `{}` {}", id.get_ref(), why.en)),
            Text::new(format!("use letras minúsculas, cifras y `-`, hasta {CLASS_ID_MAX}: `mlops-2027`"), format!("use lowercase letters, digits and `-`, up to {CLASS_ID_MAX}: `mlops-2027`")),
        ));
    }
    let lab = raw.lab.ok_or_else(|| missing("lab", "lab = \"level-2\""))?;
    if lab.get_ref().trim().is_empty() {
        return Err(Problem::at_span(
            lab.span(),
            Text::new("`lab` está vacío", "`lab` is empty"),
            Text::new("nombre un laboratorio incluido (`level-2`) o una carpeta de laboratorio", "name a built-in lab (`level-2`) or a lab folder"),
        ));
    }
    let ports = raw.ports.ok_or_else(|| missing("ports", "ports = \"30000-30999\""))?;
    let range = PortRange::parse(ports.get_ref()).map_err(|why| {
        Problem::at_span(ports.span(), why, Text::new("escriba `PRIMERO-ÚLTIMO`, por ejemplo `ports = \"30000-30999\"`", "write `FIRST-LAST`, for example `ports = \"30000-30999\"`"))
    })?;
    let registry = match raw.registry {
        Some(r) => Some(registry(r)?),
        None => None,
    };
    let (limits, storage) = limits(raw.limits)?;
    let students = students(raw.students)?;
    Ok(ClassFile { path: path.to_path_buf(), id: id.into_inner(), lab: lab.into_inner(), ports: range, registry, limits, storage, students })
}

fn registry(raw: Spanned<String>) -> Result<String, Problem> {
    let text = raw.get_ref().trim().trim_end_matches('/');
    if text.is_empty() || text.contains("://") || text.contains(char::is_whitespace) || text.contains('@') {
        return Err(Problem::at_span(
            raw.span(),
            Text::new(format!("`{}` no es un prefijo de imagen", raw.get_ref()), format!("`{}` is not an image prefix", raw.get_ref())),
            Text::new("escriba el registro y la ruta sin esquema, por ejemplo `registry = \"registry.example.edu/mlops\"`", "write the registry and path without a scheme, for example `registry = \"registry.example.edu/mlops\"`"),
        ));
    }
    Ok(text.to_owned())
}

fn limits(raw: Option<Spanned<RawLimits>>) -> Result<(Limits, u64), Problem> {
    let example = "[limits]\ncpus = 2\nmemory = \"4GiB\"";
    let raw = raw.ok_or_else(|| missing("[limits]", example))?;
    let span = raw.span();
    let raw = raw.into_inner();
    let cpus = raw.cpus.ok_or_else(|| Problem::at_span(span.clone(), Text::new("falta `cpus` en [limits]", "`cpus` is missing in [limits]"), Text::new("añada `cpus = 2`", "add `cpus = 2`")))?;
    if !(cpus.get_ref().is_finite() && *cpus.get_ref() > 0.0) {
        return Err(Problem::at_span(
            cpus.span(),
            Text::new("`cpus` debe ser mayor que cero", "`cpus` must be above zero"),
            Text::new("escriba los CPU de la pila de cada estudiante: `cpus = 2` o `cpus = 1.5`", "write the CPUs of each student's stack: `cpus = 2` or `cpus = 1.5`"),
        ));
    }
    let memory = raw.memory.ok_or_else(|| Problem::at_span(span, Text::new("falta `memory` en [limits]", "`memory` is missing in [limits]"), Text::new("añada `memory = \"4GiB\"`", "add `memory = \"4GiB\"`")))?;
    let size = |s: &Spanned<String>| parse_size(s.get_ref()).map_err(|e| Problem::at_span(s.span(), e.message, e.fix));
    let bytes = size(&memory)?;
    let storage = match &raw.storage {
        Some(s) => size(s)?,
        None => DEFAULT_STORAGE,
    };
    Ok((Limits { cpus: *cpus.get_ref(), memory: bytes }, storage))
}

fn students(raw: Vec<Spanned<RawStudent>>) -> Result<Vec<Student>, Problem> {
    if raw.is_empty() {
        return Err(missing("[[student]]", "[[student]]\nid = \"ana\"\nname = \"Ana Pérez\""));
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in raw {
        let span = s.span();
        let s = s.into_inner();
        let id = s.id.ok_or_else(|| Problem::at_span(span.clone(), Text::new("el estudiante no tiene `id`", "the student has no `id`"), Text::new("añada `id = \"ana\"`", "add `id = \"ana\"`")))?;
        if let Some(why) = slug_problem(id.get_ref(), STUDENT_ID_MAX) {
            return Err(Problem::at_span(
                id.span(),
                Text::new(format!("el id de estudiante `{}` {}", id.get_ref(), why.es), format!("student id `{}` {}", id.get_ref(), why.en)),
                Text::new(format!("use letras minúsculas, cifras y `-`, hasta {STUDENT_ID_MAX}: nombra su pila y su espacio de nombres"), format!("use lowercase letters, digits and `-`, up to {STUDENT_ID_MAX}: it names their stack and namespace")),
            ));
        }
        if !seen.insert(id.get_ref().clone()) {
            return Err(Problem::at_span(
                id.span(),
                Text::new(format!("el id de estudiante `{}` se repite", id.get_ref()), format!("student id `{}` is used twice", id.get_ref())),
                Text::new("dé a cada estudiante su propio id", "give every student their own id"),
            ));
        }
        let name = s.name.ok_or_else(|| Problem::at_span(span.clone(), Text::new(format!("el estudiante `{}` no tiene `name`", id.get_ref()), format!("student `{}` has no `name`", id.get_ref())), Text::new("añada `name = \"…\"`", "add `name = \"…\"`")))?;
        if let Some(email) = &s.email {
            let e = email.get_ref();
            if e.split_once('@').is_none_or(|(user, host)| user.is_empty() || host.is_empty() || e.contains(char::is_whitespace)) {
                return Err(Problem::at_span(
                    email.span(),
                    Text::new(format!("`{e}` no es una dirección de correo"), format!("`{e}` is not an email address")),
                    Text::new("escriba `email = \"ana@example.edu\"` o quite la clave", "write `email = \"ana@example.edu\"` or remove the key"),
                ));
            }
        }
        out.push(Student { id: id.into_inner(), name: name.into_inner(), email: s.email.map(Spanned::into_inner) });
    }
    Ok(out)
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
