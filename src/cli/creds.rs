//! `nivel creds LAB`: the logins a lab's services take, with the secrets made for this
//! installation (the ones `nivel up` prints after the links).

use std::io::Write;
use std::process::ExitCode;

use nivel::app::Credential;
use nivel::i18n::Lang;
use nivel::lab::Text;

use super::json_flag::JsonFlag;
use super::CliError;
use super::engine::context;
use super::table::aligned;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lab: a built-in id (`level-2`, or just `2`) or a folder holding a lab.
    pub lab: String,
    #[command(flatten)]
    pub output: JsonFlag,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ctx = context()?;
    let lab = nivel::app::open(&ctx, &args.lab)?;
    let mut out = std::io::stdout().lock();
    if args.output.json() {
        let doc = serde_json::json!({"lab": lab.id, "credentials": lab.credentials});
        writeln!(out, "{doc}")?;
    } else if lab.credentials.is_empty() {
        let none = Text::new(
            format!("{} no tiene credenciales.", lab.id),
            format!("{} has no credentials.", lab.id),
        );
        writeln!(out, "{}", none.get(ctx.lang()))?;
    } else {
        write!(out, "{}", table(&lab.credentials, ctx.lang()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The credentials as a table under bilingual headings; `nivel up` prints it after its links.
pub fn table(credentials: &[Credential], lang: Lang) -> String {
    let heading = |es: &str, en: &str| Text::new(es, en).get(lang).to_owned();
    let mut rows = vec![[
        heading("SERVICIO", "SERVICE"),
        heading("ACCESO", "LOGIN"),
        heading("USUARIO", "USER"),
        heading("SECRETO", "SECRET"),
    ]];
    for c in credentials {
        rows.push([
            c.service.clone(),
            c.label.get(lang).to_owned(),
            c.user.clone().unwrap_or_else(|| "—".to_owned()),
            c.secret.clone(),
        ]);
    }
    aligned(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_speaks_the_language_and_marks_a_login_without_user() {
        let creds = vec![
            Credential {
                id: "minio".into(),
                service: "minio".into(),
                label: Text::new("Consola de MinIO", "MinIO console"),
                user: Some("admin".into()),
                secret: "s3cr3t".into(),
            },
            Credential {
                id: "jupyter".into(),
                service: "jupyter".into(),
                label: Text::new("Token de JupyterLab", "JupyterLab token"),
                user: None,
                secret: "t0k3n".into(),
            },
        ];
        assert_eq!(
            table(&creds, Lang::En),
            "SERVICE   LOGIN              USER    SECRET\nminio     MinIO console      admin   s3cr3t\njupyter   JupyterLab token   —       t0k3n\n",
            "English headings and labels, a dash for no user"
        );
        assert!(
            table(&creds, Lang::Es).starts_with("SERVICIO   ACCESO"),
            "Spanish headings: {}",
            table(&creds, Lang::Es)
        );
    }
}
