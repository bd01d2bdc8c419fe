//! `--help` in Spanish: the parser's texts are written in English beside the code they
//! describe; for a Spanish-speaking student (`NIVEL_LANG=es`, else a Spanish locale) the
//! commands, the flags they use most and clap's own headings are put into Spanish before
//! parsing. A text without a Spanish one here stays in English.

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
    ("*", "build", "Vuelve a construir cada servicio con `build:`, aunque su código no haya cambiado"),
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
    ("man", "command", "Un subcomando (`up`, `compose`…); sin él, la página de `nivel`"),
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
    localise_at(nivel, "").after_help(EXIT_CODES)
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

fn spanish_arg(arg: Arg, path: &str) -> Arg {
    let id = arg.get_id().as_str().to_owned();
    let heading = if arg.is_positional() { "Argumentos" } else { "Opciones" };
    let arg = if arg.get_help_heading().is_none() { arg.help_heading(heading) } else { arg };
    let own = ARGS.iter().find(|(p, i, _)| *p == path && *i == id);
    match own.or_else(|| ARGS.iter().find(|(p, i, _)| *p == "*" && *i == id)) {
        Some((_, _, help)) => arg.help(*help).long_help(None),
        None => arg,
    }
}
