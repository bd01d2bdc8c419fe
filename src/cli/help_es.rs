//! `--help` in Spanish: the parser's texts are written in English beside the code they
//! describe; for a Spanish-speaking student (`NIVEL_LANG=es`, else a Spanish locale) every
//! command's summary, every flag's help with its values and default, and clap's own headings
//! are put into Spanish before parsing, the usage line too. The tests below fail on any text
//! left in English.

use clap::{Arg, ArgAction, Command};

/// Each command's summary, by its path (`compose up`).
const COMMANDS: &[(&str, &str)] = &[
    ("", "Los laboratorios del curso en su propia máquina: un clic, un comando, cada servicio sano."),
    ("config", "Muestra un proyecto compose completamente resuelto, como `docker compose config`"),
    ("status", "Cada laboratorio en el motor: estado de sus servicios, salud, puertos con URL, imagen y tiempo en marcha"),
    ("logs", "La salida de los contenedores de un laboratorio, con el servicio delante; `-f` la sigue"),
    ("up", "Arranca un laboratorio y espera a que cada servicio esté listo"),
    ("down", "Detiene un laboratorio y quita sus contenedores y redes"),
    ("restart", "Detiene los servicios de un laboratorio (o algunos) y vuelve a arrancar los mismos contenedores"),
    ("reset", "Borra los contenedores y datos de un laboratorio (o de un servicio) y lo arranca de nuevo"),
    ("compose", "Ejecuta cualquier proyecto compose con el motor de Nivel"),
    ("compose up", "Crea y arranca los servicios del proyecto y espera a que estén listos"),
    ("compose down", "Detiene y quita los contenedores y redes del proyecto"),
    ("compose ps", "Los servicios del proyecto: estado, salud, puertos con URL, imagen, tiempo en marcha"),
    ("compose logs", "La salida de los contenedores del proyecto, con el servicio delante"),
    ("compose restart", "Detiene servicios y vuelve a arrancar los mismos contenedores, esperando como `up`"),
    ("compose config", "Muestra el proyecto completamente resuelto, como `docker compose config` (`nivel config`)"),
    ("labs", "Los laboratorios incluidos: id, nivel, servicios y puertos publicados"),
    ("lab", "Archivos de laboratorio: `nivel lab lint` los revisa"),
    ("lab lint", "Revisa archivos de laboratorio: cada problema con archivo:línea:columna y su solución; sale con 2 ante cualquier error"),
    ("check", "Revise mi trabajo: ejecuta las comprobaciones de los ejercicios contra el laboratorio en marcha y las registra"),
    ("creds", "Los accesos de un laboratorio: el usuario de cada servicio y el secreto creado para esta instalación"),
    ("progress", "Su progreso por nivel: ejercicios superados, primera vez, intentos, tiempo de cada laboratorio; `export` escribe el informe"),
    ("progress export", "Escribe el informe de su progreso en un archivo: HTML (una página completa), Markdown o JSON"),
    ("progress restore", "Recupera una copia diaria de su progreso (`--list` las muestra); se guarda la que se reemplaza. La primera orden de cada día que escribe en su progreso lo copia antes a backups/progress-AAAA-MM-DD.sqlite3 en la carpeta de datos (día UTC); se guardan los últimos 7 días. Recuperar revisa antes la copia, pregunta antes de reemplazar su progreso (o acepta --yes), guarda el almacén reemplazado como backups/replaced-<hora>-<pid>.sqlite3 y funciona aunque el actual esté dañado"),
    ("whoami set", "Cambia su nombre, número de estudiante y grupo para los informes (solo cambia lo que se da; \"\" borra uno)"),
    ("settings set", "Cambia algunos ajustes (solo los que se dan; \"\" vacía la carpeta de trabajo o el motor)"),
    ("whoami", "Su nombre, número de estudiante y grupo como los muestran los informes; `set` los cambia"),
    ("doctor", "¿Puede esta máquina con los laboratorios? Datos, el veredicto de cada laboratorio y qué hacer si no"),
    ("settings", "Los ajustes de Nivel (idioma, carpeta de trabajo, motor, desplazamiento de puertos, red, espejos de imágenes); `set` los cambia"),
    ("images", "Las imágenes de un laboratorio en un archivo, para un aula sin internet: `save` lo escribe, `load` lo carga"),
    ("images save", "Escribe en un archivo cada imagen que necesitan los laboratorios (descargando o construyendo antes las que falten)"),
    ("images load", "Carga en el motor un archivo escrito por `nivel images save` (o `docker save`)"),
    ("completions", "Un guion de autocompletado para bash, zsh, fish, powershell o elvish, con los ids de los laboratorios"),
    ("class", "Una clase: la copia de un laboratorio de cada estudiante, en un enjambre de Docker Swarm (`up`, `status`, `down`) o como manifiestos de Kubernetes (`render`)"),
    ("class render", "Escribe la pila de cada estudiante como manifiestos para un clúster (`--target kubernetes`), un archivo por estudiante"),
    ("class up", "Despliega la pila de cada estudiante (o de uno) en el enjambre de Docker Swarm que gestiona el motor, espera a que cada una funcione y da a cada estudiante sus enlaces y credenciales"),
    ("class status", "Muestra los servicios de cada estudiante, el nodo donde funciona cada uno y sus enlaces"),
    ("class check", "Ejecuta las comprobaciones de los ejercicios del laboratorio contra la pila de cada estudiante y las guarda en el almacén de la clase"),
    ("class report", "Escribe el informe de la clase (estudiantes × ejercicios) con las comprobaciones de la clase y las exportaciones de progreso que entregan los estudiantes"),
    ("class down", "Quita la pila de cada estudiante (o de uno): servicios, redes y los volúmenes de cada nodo"),
    ("man", "La página de manual (roff): `nivel man | man -l -`, o la de un comando, `nivel man up`"),
];

/// Flags and arguments by id, the same wherever they appear (`*`), or in one command.
const ARGS: &[(&str, &str, &str)] = &[
    ("*", "lab", "El laboratorio: un id incluido (`level-2`, o solo `2`), una carpeta con un archivo compose, o un archivo compose"),
    ("*", "json", "Muestra JSON en lugar de texto (el README da la forma de cada comando)"),
    ("*", "format", "`json` es `--json`; `table`, por defecto, es texto para personas"),
    ("*", "progress", "Cómo mostrar el progreso"),
    ("*", "quiet", "No muestra nada más que avisos y errores (`--progress quiet`)"),
    ("*", "no_wait", "Vuelve en cuanto cada contenedor arrancó, sin esperar a la salud; y no espera a otra operación sobre el laboratorio: sale con 1 si hay una en curso"),
    ("*", "timeout", "Segundos de espera hasta que todo el laboratorio esté listo (`--wait-timeout`, como lo escribe docker compose)"),
    ("*", "port_offset", "Suma N a cada puerto publicado en el equipo"),
    ("*", "expose_lan", "Publica los puertos en todas las interfaces de red, no solo en 127.0.0.1"),
    ("*", "force", "Arranca aunque la revisión diga que esta máquina no puede con el laboratorio"),
    ("*", "build", "Vuelve a construir cada servicio con `build:`, aunque su código no haya cambiado (sin ella, una imagen se construye de nuevo solo cuando su contexto de construcción cambió)"),
    ("*", "files", "Archivo compose a cargar; repítalo para combinar varios, los últimos sobrescriben a los primeros"),
    ("*", "project_name", "Nombre del proyecto (por defecto: COMPOSE_PROJECT_NAME, el `name:` del archivo, o la carpeta)"),
    ("*", "project_directory", "Carpeta del proyecto (por defecto: la del primer archivo)"),
    ("*", "env_files", "Archivo de variables en lugar del `.env` del proyecto; repetible"),
    ("*", "profiles", "Activa los servicios de este perfil; repetible (también COMPOSE_PROFILES)"),
    ("*", "services", "Solo estos servicios; todos los del laboratorio si se omiten"),
    ("*", "shell", "El intérprete de comandos para el que completar"),
    ("config", "format", "Formato de salida"),
    ("compose config", "format", "Formato de salida"),
    ("config", "quiet", "Solo revisa el proyecto: no muestra nada, sale con 2 si no carga"),
    ("compose config", "quiet", "Solo revisa el proyecto: no muestra nada, sale con 2 si no carga"),
    ("config", "services", "Muestra solo los nombres de los servicios, uno por línea"),
    ("compose config", "services", "Muestra solo los nombres de los servicios, uno por línea"),
    ("compose up", "detach", "Se acepta como en `docker compose up -d`: los servicios siguen siempre en segundo plano una vez arrancados"),
    ("compose up", "wait", "Espera a que cada servicio esté en marcha y sano: lo que `up` hace salvo con `--no-wait`"),
    ("down", "timeout", "Segundos de espera a que cada contenedor se detenga antes de matarlo"),
    ("compose down", "timeout", "Segundos de espera a que cada contenedor se detenga antes de matarlo"),
    ("down", "volumes", "Quita también los volúmenes con nombre del laboratorio (sus datos)"),
    ("compose down", "volumes", "Quita también los volúmenes con nombre del laboratorio (sus datos)"),
    ("down", "no_wait", "No espera a otra operación sobre el laboratorio: sale con 1 si hay una en curso"),
    ("compose down", "no_wait", "No espera a otra operación sobre el laboratorio: sale con 1 si hay una en curso"),
    ("class render", "target", "Para qué escribirlo"),
    ("class render", "class_file", "El archivo de clase (vea docs/classes.md)"),
    ("class render", "output", "La carpeta donde se escriben los archivos (se crea si falta)"),
    ("*", "class_file", "El archivo de clase (vea docs/classes.md)"),
    ("*", "student", "Solo este estudiante (su id en el archivo de clase)"),
    ("class check", "exercises", "Solo este ejercicio (repetible); todos los del laboratorio si no se da ninguno"),
    ("class report", "exports", "Exportaciones de progreso que entregan los estudiantes (`nivel progress export --format json`), unidas por el id de su identidad"),
    ("class report", "output", "Dónde escribir el informe"),
    ("class report", "format", "html, md o json; por defecto según la extensión de la salida, si no html"),
    ("class up", "handouts", "Escribe la hoja de cada estudiante (enlaces y credenciales) en DIR/<estudiante>.md en lugar de mostrarlas"),
    ("*", "follow", "Sigue mostrando la salida nueva, también la de contenedores que arranquen después"),
    ("*", "tail", "Solo las últimas N líneas de cada contenedor (o `all`)"),
    ("*", "since", "Solo las líneas desde un momento: hace un tiempo (42m, 1h30m), una fecha (2024-05-01T10:20:30Z) o segundos unix"),
    ("*", "timestamps", "Muestra la hora del motor en cada línea"),
    ("*", "no_color", "Sin colores (también con NO_COLOR o cuando la salida no es una terminal)"),
    ("*", "stop_timeout", "Segundos de espera a que cada contenedor se detenga antes de matarlo"),
    ("*", "data_dir", "La carpeta de datos de Nivel, con progress.sqlite3 [por defecto: NIVEL_DATA_DIR, si no la carpeta de datos del sistema]"),
    ("reset", "service", "Restablece solo este servicio: sus contenedores y los volúmenes que ningún otro servicio usa"),
    ("reset", "yes", "Borra sin preguntar (necesario fuera de una terminal)"),
    ("lab lint", "paths", "Carpetas de laboratorio o archivos lab.toml; todos los laboratorios incluidos si no se da ninguno"),
    ("check", "exercise", "Solo este ejercicio; todos los del laboratorio si se omite"),
    ("progress export", "output", "El archivo que se escribe"),
    ("progress export", "lang", "El idioma del informe [por defecto: NIVEL_LANG, si no el del sistema]"),
    ("progress restore", "backup", "La copia que se recupera: su día (AAAA-MM-DD, como lo muestra --list) o `latest`"),
    ("progress restore", "list", "Lista las copias, la más reciente primero (también lo que hace `restore` sin más)"),
    ("progress restore", "yes", "Reemplaza sin preguntar (necesario fuera de una terminal)"),
    ("whoami set", "name", "Su nombre completo"),
    ("whoami set", "id", "Su número de estudiante"),
    ("whoami set", "group", "Su grupo del curso"),
    ("doctor", "bundle", "Escribe también un paquete de soporte (datos, el estado de cada laboratorio y sus últimas líneas de salida, con los secretos ocultos) en este archivo zip"),
    ("settings set", "language", "El idioma de la aplicación: es o en"),
    ("settings set", "workspace", "La carpeta donde guarda su trabajo de los laboratorios (una ruta absoluta a una carpeta que exista)"),
    ("settings set", "engine_endpoint", "El motor que se usa (unix:///ruta/al/socket, tcp://equipo:puerto)"),
    ("settings set", "image_mirrors", "Descarga estas referencias de un espejo: NOMBRE=ESPEJO,… por prefijo del nombre completo (docker.io/library/postgres=mirror.local:5000/library/postgres,docker.io=mirror.local:5000); \"\" lo vacía. NIVEL_IMAGE_MIRRORS se suma"),
    ("images save", "labs", "Los laboratorios: ids incluidos (`level-2`, o solo `2`) o carpetas de laboratorio"),
    ("images save", "output", "El archivo que se escribe (se reemplaza solo cuando está completo)"),
    ("images load", "file", "El archivo"),
    ("status", "lab", "Solo este laboratorio: un id incluido (`level-2`, o `2`) o el nombre de un proyecto compose; todos si se omite"),
    ("logs", "lab", "El laboratorio: un id incluido (`level-2`, o `2`) o el nombre de un proyecto compose"),
    ("check", "lab", "El laboratorio: un id incluido (`level-2`, o solo `2`) o una carpeta con un lab.toml"),
    ("check", "no_wait", "No espera a otra operación sobre el laboratorio: sale con 1 si hay una en curso"),
    ("creds", "lab", "El laboratorio: un id incluido (`level-2`, o solo `2`) o la carpeta de un laboratorio"),
    ("progress", "lab", "Solo este laboratorio: un id incluido (`level-2`, o `2`) o el nombre con el que se registró"),
    ("doctor", "lab", "Un laboratorio que juzgar: un id incluido (`level-2`, o solo `2`), una carpeta con un archivo compose, o un archivo compose. Sin él, cada laboratorio incluido"),
    ("progress export", "format", "El formato del informe [por defecto: según la extensión del archivo: .html, .md, .json]"),
    ("settings set", "port_offset", "Se suma a cada puerto publicado en el equipo"),
    ("settings set", "expose_lan", "Publica los puertos de los laboratorios en todas las interfaces de red (true) o solo en 127.0.0.1 (false)"),
    ("images save", "progress", "Cómo muestran su progreso las descargas y construcciones"),
    ("restart", "services", "Solo estos servicios; todos si se omiten"),
    ("compose restart", "services", "Solo estos servicios; todos si se omiten"),
    ("man", "command", "Un subcomando (`up`, `compose`…); sin él, la página de `nivel`"),
];

/// The values a flag takes that clap describes one by one, by flag id and value.
const VALUES: &[(&str, &str, &str)] = &[
    ("progress", "auto", "En una terminal, una vista que se actualiza; si no, líneas sueltas"),
    ("progress", "plain", "Una línea por cambio, en stderr"),
    ("progress", "json", "Un objeto JSON por evento, en stdout"),
    ("progress", "quiet", "Nada más que avisos y errores"),
    ("format", "html", "Una página HTML completa"),
    ("format", "md", "Markdown"),
    ("format", "json", "JSON (la forma que muestra `nivel progress --json`)"),
];

/// What `nivel --help` ends with, in Spanish.
const EXIT_CODES: &str = "Códigos de salida:
  0    hecho (check: cada ejercicio superado; doctor: cada laboratorio listo)
  1    un fallo: el motor, un servicio, un laboratorio ocupado, una comprobación o veredicto no superado
  2    un problema en la entrada: un laboratorio o una opción desconocidos, un error en un archivo compose o de laboratorio
  130  interrumpido con Ctrl-C (up y reset registran la sesión como cancelada)
  141  quien leía la salida se fue (una tubería cerrada), como con el CLI de docker";

/// `nivel` with its help in Spanish.
pub fn localise(nivel: Command) -> Command {
    let mut nivel = localise_at(nivel, "").after_help(EXIT_CODES);
    // Built once, so every command knows its full name for its usage line.
    nivel.build();
    spanish_usage(nivel)
}

fn localise_at(command: Command, path: &str) -> Command {
    // clap adds `-h` and `-V` itself, in English: they are added here instead, in Spanish.
    let mut command = command
        .help_template("{before-help}{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Comandos")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("Muestra la ayuda").help_heading("Opciones"))
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("Muestra la versión").help_heading("Opciones"));
    if let Some((_, about)) = COMMANDS.iter().find(|(p, _)| *p == path) {
        command = command.about(*about).long_about(None);
    }
    command = command.mut_args(|arg| spanish_arg(arg, path));
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    names.iter().fold(command, |command, name| {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        command.mut_subcommand(name, |sub| localise_at(sub, &sub_path))
    })
}

/// A built command and its subcommands with the usage line clap writes, its words in Spanish
/// (`[OPCIONES]`, `<COMANDO>`).
fn spanish_usage(mut command: Command) -> Command {
    let usage = command.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).replace("[OPTIONS]", "[OPCIONES]").replace("<COMMAND>", "<COMANDO>");
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    names.iter().fold(command, |command, name| command.mut_subcommand(name, spanish_usage)).override_usage(usage)
}

fn spanish_arg(arg: Arg, path: &str) -> Arg {
    let id = arg.get_id().as_str().to_owned();
    let heading = if arg.is_positional() { "Argumentos" } else { "Opciones" };
    let arg = if arg.get_help_heading().is_none() { arg.help_heading(heading) } else { arg };
    let own = ARGS.iter().find(|(p, i, _)| *p == path && *i == id);
    match own.or_else(|| ARGS.iter().find(|(p, i, _)| *p == "*" && *i == id)) {
        Some((_, _, help)) => {
            if !arg.get_action().takes_values() {
                return arg.help(*help).long_help(None);
            }
            let (short, long) = with_values(&arg, &id, help);
            let arg = arg.help(short).hide_default_value(true).hide_possible_values(true);
            match long {
                Some(long) => arg.long_help(long),
                None => arg.long_help(None),
            }
        }
        None => arg,
    }
}

/// A flag's Spanish help with its values and default, which clap would add in English: the
/// short help lists them on its line; the long help describes each value clap describes.
fn with_values(arg: &Arg, id: &str, help: &str) -> (String, Option<String>) {
    let shown = |v: &clap::builder::PossibleValue| !v.is_hide_set();
    let values: Vec<_> = if arg.is_hide_possible_values_set() { Vec::new() } else { arg.get_possible_values().into_iter().filter(shown).collect() };
    let default: Vec<_> = arg.get_default_values().iter().map(|v| v.to_string_lossy()).collect();
    let default = (!default.is_empty() && !arg.is_hide_default_value_set()).then(|| format!("[por defecto: {}]", default.join(", ")));
    let mut short = help.to_owned();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        short.push_str(&format!(" [valores posibles: {}]", names.join(", ")));
    }
    if let Some(default) = &default {
        short.push_str(&format!(" {default}"));
    }
    let described: Vec<String> = values
        .iter()
        .filter_map(|v| {
            let (name, english) = (v.get_name(), v.get_help()?);
            let spanish = VALUES.iter().find(|(i, n, _)| *i == id && *n == name).map_or_else(|| english.to_string(), |(.., es)| (*es).to_owned());
            Some(format!("- {name}: {spanish}"))
        })
        .collect();
    if described.is_empty() {
        return (short, None);
    }
    let mut long = format!("{help}\n\nValores posibles:\n{}", described.join("\n"));
    if let Some(default) = default {
        long.push_str(&format!("\n\n{default}"));
    }
    (short, Some(long))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command's summary and every flag's or argument's help, by path, that has no
    /// Spanish text here; and by id, the English texts that the shared (`*`) Spanish one
    /// stands for.
    fn untranslated<'c>(command: &'c Command, path: &str, missing: &mut Vec<String>, shared: &mut Vec<(&'c str, String, String)>) {
        if !COMMANDS.iter().any(|(p, _)| *p == path) {
            missing.push(format!("command `{path}`"));
        }
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if arg.get_help().is_none() || id == "help" || id == "version" {
                continue;
            }
            let english = arg.get_help().unwrap().to_string();
            for value in arg.get_possible_values().iter().filter(|v| v.get_help().is_some()) {
                if !VALUES.iter().any(|(i, n, _)| *i == id && *n == value.get_name()) {
                    missing.push(format!("`{path}` {id}={}: {}", value.get_name(), value.get_help().unwrap()));
                }
            }
            if ARGS.iter().any(|(p, i, _)| *p == path && *i == id) {
                continue;
            }
            if ARGS.iter().any(|(p, i, _)| *p == "*" && *i == id) {
                shared.push((id, path.to_owned(), english));
            } else {
                missing.push(format!("`{path}` {id}: {english}"));
            }
        }
        for sub in command.get_subcommands() {
            let sub_path = if path.is_empty() { sub.get_name().to_owned() } else { format!("{path} {}", sub.get_name()) };
            untranslated(sub, &sub_path, missing, shared);
        }
    }

    #[test]
    fn every_command_and_flag_has_its_help_in_spanish() {
        let (command, mut missing, mut shared) = (crate::cli::Cli::command(), Vec::new(), Vec::new());
        untranslated(&command, "", &mut missing, &mut shared);
        assert!(missing.is_empty(), "{} texts have no Spanish one:\n{}", missing.len(), missing.join("\n"));
        // A shared Spanish text may only stand for one English text: a flag that means
        // something else in one command needs its own.
        for (id, path, english) in &shared {
            let first = shared.iter().find(|(i, ..)| i == id).unwrap();
            assert_eq!(english, &first.2, "`{path}` {id} says something else than `{}` {id}: it needs its own Spanish text", first.1);
        }
    }

    /// `nivel PATH… --help` (long) and `-h` (short) as a Spanish speaker reads them.
    fn help(path: &[&str], flag: &str) -> String {
        let words = std::iter::once("nivel").chain(path.iter().copied()).chain([flag]);
        localise(crate::cli::Cli::command()).try_get_matches_from(words).unwrap_err().render().to_string()
    }

    #[test]
    fn clap_adds_nothing_in_english_to_a_spanish_help() {
        let command = crate::cli::Cli::command();
        let mut paths = vec![Vec::new()];
        let mut at = 0;
        while at < paths.len() {
            let path: Vec<String> = paths[at].clone();
            let sub = path.iter().fold(&command, |c, name| c.find_subcommand(name).unwrap());
            paths.extend(sub.get_subcommands().map(|s| [path.clone(), vec![s.get_name().to_owned()]].concat()));
            at += 1;
        }
        for path in &paths {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            for flag in ["--help", "-h"] {
                let text = help(&path, flag);
                for english in ["Possible values", "possible values", "[default:", "Usage:", "Options:", "Arguments:", "Commands:", "Print help", "[OPTIONS]", "<COMMAND>"] {
                    assert!(!text.contains(english), "`nivel {} {flag}` says {english:?}:\n{text}", path.join(" "));
                }
            }
        }
        assert!(help(&["up"], "--help").contains("- quiet: Nada más que avisos y errores\n"), "the long help describes each value in Spanish");
        assert!(help(&["up"], "-h").contains("[valores posibles: auto, plain, json, quiet] [por defecto: auto]"), "the short help lists them");
        assert!(help(&["compose", "up"], "-h").contains("Uso: nivel compose up [OPCIONES]"), "the usage line names the command in full");
        assert!(help(&[], "-h").contains("Uso: nivel <COMANDO>"), "and in Spanish");
    }
}
