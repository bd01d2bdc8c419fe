//! `class render`: the class's lab loaded once per student with that student's credentials,
//! each student's manifests written to one file (`<student>.yaml`) in the output folder.

use std::path::{Path, PathBuf};

use crate::compose::Environment;
use crate::lab;

use super::kube::{self, StudentStack};
use super::{credentials, ClassError, ClassFile};

/// One student's rendered file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Rendered {
    pub student: String,
    pub namespace: String,
    pub file: PathBuf,
    pub objects: usize,
}

/// The lab folder of `class`: a folder beside the class file, else a built-in lab written to
/// `data_dir`.
pub fn lab_dir(class: &ClassFile, data_dir: &Path) -> Result<PathBuf, ClassError> {
    if let Some(dir) = class.lab_folder() {
        return Ok(dir);
    }
    let builtin = lab::find(&class.lab).ok_or_else(|| {
        lab::ResolveError::from(lab::UnknownLab {
            name: class.lab.clone(),
            looked_in: vec![lab::Text::new("una carpeta junto al archivo de clase", "a folder beside the class file"), lab::Text::new("los laboratorios incluidos", "the built-in labs")],
            builtin: lab::catalog().iter().map(|b| b.id.to_owned()).collect(),
        })
    })?;
    Ok(lab::install(&builtin, data_dir).map_err(lab::ResolveError::from)?.dir)
}

/// One student's lab: loaded with their secrets, with their ports.
pub struct StudentLab {
    pub spec: lab::LabSpec,
    pub loaded: crate::compose::LoadedProject,
    pub ports: super::PortSlice,
    pub secrets: crate::lab::secrets::Secrets,
}

/// The lab in `dir` loaded once per student of `class` (in roster order), each with the
/// secrets derived from `class_secret` and a slice of the class's ports.
pub fn student_labs(class: &ClassFile, dir: &Path, class_secret: &str) -> Result<Vec<StudentLab>, ClassError> {
    let (spec, loaded) = lab::load_lab(dir, Environment::new())?;
    let each = kube::published_ports(&loaded.project);
    let slices = class.ports.slices(class.students.len(), each).map_err(|message| ClassError::File {
        path: class.path.clone(),
        line: 0,
        col: 0,
        message,
        fix: Box::new(lab::Text::new("amplíe `ports` en el archivo de clase", "widen `ports` in the class file")),
    })?;
    let mut out = Vec::new();
    for (student, ports) in class.students.iter().zip(slices) {
        let secrets = credentials::student_secrets(class_secret, &student.id, &spec.credentials);
        // Nothing from the instructor's own environment: every student's stack is the lab as shipped
        // with that student's secrets.
        let env = crate::app::opened::credential_env(&spec.credentials, &secrets, &Environment::new());
        let (spec, loaded) = lab::load_lab(dir, env)?;
        out.push(StudentLab { spec, loaded, ports, secrets });
    }
    Ok(out)
}

/// Every student's manifests as YAML, in roster order, with `class_secret` as the class's
/// secret.
pub fn render_kubernetes(class: &ClassFile, dir: &Path, class_secret: &str) -> Result<Vec<(String, String, usize)>, ClassError> {
    let mut out = Vec::new();
    for (student, lab) in class.students.iter().zip(student_labs(class, dir, class_secret)?) {
        let stack = StudentStack { class, student, project: &lab.loaded.project, ports: lab.ports, credentials: &lab.spec.credentials, secrets: &lab.secrets };
        let manifests = kube::render_student(&stack)?;
        out.push((student.id.clone(), kube::to_yaml(&manifests)?, manifests.len()));
    }
    Ok(out)
}

/// Renders `class` for Kubernetes into `out_dir`, its secret kept in `data_dir`.
pub fn write_kubernetes(class: &ClassFile, data_dir: &Path, out_dir: &Path) -> Result<Vec<Rendered>, ClassError> {
    let dir = lab_dir(class, data_dir)?;
    let secret = credentials::class_secret(data_dir, &class.id)?;
    let rendered = render_kubernetes(class, &dir, &secret)?;
    std::fs::create_dir_all(out_dir).map_err(|source| ClassError::Write { path: out_dir.to_path_buf(), source })?;
    let mut files = Vec::new();
    for ((student, yaml, objects), s) in rendered.into_iter().zip(&class.students) {
        let file = out_dir.join(format!("{student}.yaml"));
        std::fs::write(&file, yaml).map_err(|source| ClassError::Write { path: file.clone(), source })?;
        files.push(Rendered { namespace: kube::namespace(class, s), student, file, objects });
    }
    Ok(files)
}
