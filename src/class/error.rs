//! How reading or rendering a class fails: the class file's own problems with their place, the
//! lab's, and what a target cannot map, each naming the fix.

use std::path::PathBuf;

use crate::app::{Problem, Remedy};
use crate::lab::Text;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClassError {
    /// The class file cannot be read.
    #[error("cannot read the class file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// A problem in the class file, at `line`:`col` (1-based; 0 for the whole file).
    #[error("{}:{line}:{col}: {}", path.display(), message.en)]
    File { path: PathBuf, line: usize, col: usize, message: Text, fix: Box<Text> },
    /// The class's lab is not there or does not load.
    #[error(transparent)]
    Resolve(#[from] crate::lab::ResolveError),
    #[error(transparent)]
    Lab(#[from] crate::lab::LabLoadError),
    #[error(transparent)]
    Secrets(#[from] crate::lab::secrets::SecretsError),
    /// A compose feature the target cannot express.
    #[error("service `{service}`: `{field}`: {}", message.en)]
    Unmappable { service: String, field: String, message: Text, fix: Box<Text> },
    /// Several things the target cannot express, each an `Unmappable`: all of them at once, so
    /// one render lists what the lab must change.
    #[error("{} compose features cannot be expressed", .0.len())]
    Refused(Vec<ClassError>),
    /// The output could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    /// The swarm refused, failed or is not there.
    #[error(transparent)]
    Swarm(#[from] crate::docker::swarm::SwarmError),
    /// `--exercise` names no exercise of the lab.
    #[error("the lab has no exercise `{asked}`")]
    UnknownExercise { asked: String, known: Vec<String> },
    /// A file could not be written where it was asked.
    #[error(transparent)]
    Output(#[from] crate::app::export::OutputError),
    /// A student's progress export could not be read.
    #[error("cannot read the progress export {}: {why}", path.display())]
    Export { path: PathBuf, why: String },
    /// The class's store could not be opened or written.
    #[error("the class's store: {0}")]
    Store(String),
    /// `--student` names no student of the roster.
    #[error("the class has no student `{student}`")]
    UnknownStudent { student: String, known: Vec<String> },
}

impl Problem for ClassError {
    fn code(&self) -> &'static str {
        match self {
            ClassError::Read { .. } => "class.unreadable",
            ClassError::File { .. } => "class.invalid",
            ClassError::Resolve(e) => e.code(),
            ClassError::Lab(e) => e.code(),
            ClassError::Secrets(e) => e.code(),
            ClassError::Unmappable { .. } | ClassError::Refused(_) => "class.unmappable",
            ClassError::Write { .. } => "class.unwritable",
            ClassError::Swarm(crate::docker::swarm::SwarmError::Engine(e)) => e.code(),
            ClassError::Swarm(crate::docker::swarm::SwarmError::NotManager { .. }) => "class.no_swarm",
            ClassError::Swarm(_) => "class.swarm_failed",
            ClassError::UnknownStudent { .. } => "class.unknown_student",
            ClassError::UnknownExercise { .. } => "class.unknown_exercise",
            ClassError::Store(_) => "class.store",
            ClassError::Export { .. } => "class.bad_export",
            ClassError::Output(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            ClassError::Read { path, source } => Text::new(
                format!("no se puede leer el archivo de clase {}: {source}", path.display()),
                format!("cannot read the class file {}: {source}", path.display()),
            ),
            ClassError::File { path, line, col, message, .. } => {
                let place = if *line > 0 { format!("{}:{line}:{col}", path.display()) } else { path.display().to_string() };
                Text::new(format!("{place}: {}", message.es), format!("{place}: {}", message.en))
            }
            ClassError::Resolve(e) => e.text(),
            ClassError::Lab(e) => e.text(),
            ClassError::Secrets(e) => e.text(),
            ClassError::Unmappable { service, field, message, .. } => Text::new(
                format!("servicio `{service}`, `{field}`: {}", message.es),
                format!("service `{service}`, `{field}`: {}", message.en),
            ),
            ClassError::Refused(all) => {
                let mut es = format!("{} cosas del laboratorio no se pueden expresar:", all.len());
                let mut en = format!("{} things in the lab cannot be expressed:", all.len());
                for e in all {
                    let fix = e.remedy().and_then(|r| match r {
                        Remedy::Advice { text } => Some(text),
                        _ => None,
                    });
                    es.push_str(&format!("\n  - {}", e.text().es));
                    en.push_str(&format!("\n  - {}", e.text().en));
                    if let Some(fix) = fix {
                        es.push_str(&format!("\n    solución: {}", fix.es));
                        en.push_str(&format!("\n    fix: {}", fix.en));
                    }
                }
                Text::new(es, en)
            }
            ClassError::Write { path, source } => Text::new(
                format!("no se puede escribir {}: {source}", path.display()),
                format!("cannot write {}: {source}", path.display()),
            ),
            ClassError::Swarm(e) => e.text(),
            ClassError::UnknownExercise { asked, known } => Text::new(
                format!("el laboratorio no tiene el ejercicio `{asked}`; sus ejercicios son: {}", known.join(", ")),
                format!("the lab has no exercise `{asked}`; its exercises are: {}", known.join(", ")),
            ),
            ClassError::Output(e) => e.text(),
            ClassError::Export { path, why } => Text::new(
                format!("no se puede leer la exportación de progreso {}: {why}", path.display()),
                format!("cannot read the progress export {}: {why}", path.display()),
            ),
            ClassError::Store(e) => Text::new(format!("el almacén de la clase: {e}"), format!("the class's store: {e}")),
            ClassError::UnknownStudent { student, known } => Text::new(
                format!("la clase no tiene el estudiante `{student}`; sus estudiantes son: {}", known.join(", ")),
                format!("the class has no student `{student}`; its students are: {}", known.join(", ")),
            ),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            ClassError::Read { .. } => Some(Remedy::Advice {
                text: Text::new("compruebe la ruta del archivo de clase (vea docs/classes.md)", "check the class file's path (see docs/classes.md)"),
            }),
            ClassError::File { fix, .. } | ClassError::Unmappable { fix, .. } => Some(Remedy::Advice { text: (**fix).clone() }),
            ClassError::Resolve(e) => e.remedy(),
            ClassError::Lab(e) => e.remedy(),
            ClassError::Secrets(e) => e.remedy(),
            ClassError::Refused(_) => Some(Remedy::Advice {
                text: Text::new("cambie el archivo compose del laboratorio como dice cada punto (vea docs/classes.md) y vuelva a generar", "change the lab's compose file as each point says (see docs/classes.md) and render again"),
            }),
            ClassError::Write { .. } => Some(Remedy::ChooseAnotherPath),
            ClassError::Swarm(crate::docker::swarm::SwarmError::Engine(e)) => e.remedy(),
            ClassError::Swarm(e) => e.fix().map(|text| Remedy::Advice { text }),
            ClassError::UnknownExercise { .. } => Some(Remedy::Advice {
                text: Text::new("escriba el id de un ejercicio del archivo de laboratorio", "write the id of an exercise of the lab file"),
            }),
            ClassError::Output(e) => e.remedy(),
            ClassError::Export { .. } => Some(Remedy::Advice {
                text: Text::new("dé los archivos que escribe `nivel progress export --format json`", "give the files `nivel progress export --format json` writes"),
            }),
            ClassError::Store(_) => Some(Remedy::Advice {
                text: Text::new("compruebe el espacio y los permisos de la carpeta de datos", "check the data folder's space and permissions"),
            }),
            ClassError::UnknownStudent { .. } => Some(Remedy::Advice {
                text: Text::new("escriba el id de un estudiante del archivo de clase", "write the id of a student of the class file"),
            }),
        }
    }

    fn is_input(&self) -> bool {
        match self {
            ClassError::Read { .. } | ClassError::File { .. } | ClassError::Lab(_) | ClassError::Unmappable { .. } | ClassError::Refused(_) | ClassError::UnknownStudent { .. } | ClassError::UnknownExercise { .. } | ClassError::Export { .. } => true,
            ClassError::Resolve(e) => e.is_input(),
            ClassError::Output(e) => e.is_input(),
            ClassError::Secrets(_) | ClassError::Write { .. } | ClassError::Swarm(_) | ClassError::Store(_) => false,
        }
    }
}
