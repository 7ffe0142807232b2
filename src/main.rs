//! The `creatorkb` command line.

mod cli_progress;

use clap::{Args, Parser, Subcommand, ValueEnum};
use creatorkb::diag::{Diagnostic, Diagnostics, Severity};
use creatorkb::resolve::{Audience, Options};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "creatorkb",
    version,
    about = "Build a creator knowledge base: Markdown creator profiles, campaign recaps and glossary terms → a static site."
)]
struct Cli {
    /// The site folder (holds site.yaml and content/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum AudienceArg {
    /// No private field, entry or block (the default).
    Public,
    /// Everything, for the agency; every page says it is internal.
    Team,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// One `path:line:col: severity: message` line per problem.
    Text,
    /// One JSON object per line with path, line, column, severity, message.
    Json,
}

/// How much `build` and `check` print on stderr besides problems.
#[derive(Args, Clone, Copy)]
struct Verbosity {
    /// Print nothing but errors: no progress, summary or warnings.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage took (loading, resolving, rendering,
    /// writing) with its count.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct BuildArgs {
    /// Output folder (default: <root>/output).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Who the build is for.
    #[arg(long, value_enum, default_value = "public")]
    audience: AudienceArg,
    /// Include entries marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Links end in index.html, so the folder browses from disk with no server.
    #[arg(long)]
    offline: bool,
    /// Overrides `base_url` of site.yaml.
    #[arg(long)]
    base_url: Option<String>,
    /// The follow-up queue's "today" (YYYY-MM-DD; default: the system date, UTC).
    #[arg(long, value_parser = parse_today)]
    today: Option<creatorkb::model::Date>,
    #[command(flatten)]
    verbosity: Verbosity,
}

#[derive(Args)]
struct CheckArgs {
    /// Who the build is for.
    #[arg(long, value_enum, default_value = "public")]
    audience: AudienceArg,
    /// How to print problems.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The follow-up queue's "today" (YYYY-MM-DD; default: the system date, UTC).
    #[arg(long, value_parser = parse_today)]
    today: Option<creatorkb::model::Date>,
    #[command(flatten)]
    verbosity: Verbosity,
}

#[derive(Args)]
struct ImportArgs {
    /// creators or campaigns.
    #[arg(value_enum)]
    kind: creatorkb::import::Kind,
    /// The CSV file (UTF-8, `,` or `;`, a header row).
    file: PathBuf,
    /// Map a column to a key: "Column=key" (repeatable).
    #[arg(long = "map", value_name = "COLUMN=KEY")]
    map: Vec<String>,
    /// Leave a column out (repeatable).
    #[arg(long = "ignore", value_name = "COLUMN")]
    ignore: Vec<String>,
    /// Print what would change; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write the valid rows even when some are invalid.
    #[arg(long)]
    skip_invalid: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Load and render everything without writing; report every problem.
    Check(CheckArgs),
    /// Serve the site locally and rebuild on change.
    Serve {
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind. On loopback (the default) only requests for
        /// localhost names are answered; another address opens the site to
        /// the network, under any name.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Who the build is for.
        #[arg(long, value_enum, default_value = "public")]
        audience: AudienceArg,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// The follow-up queue's "today" (YYYY-MM-DD; default: the system date, UTC).
        #[arg(long, value_parser = parse_today)]
        today: Option<creatorkb::model::Date>,
    },
    /// Create a new site in DIR.
    Init {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
    },
    /// Create a new content file with every key of its kind.
    New {
        /// creator, campaign, term or page.
        #[arg(value_enum)]
        kind: creatorkb::scaffold::Kind,
        /// Display name; the slug is made from it.
        name: String,
    },
    /// Create or update entries from a CSV file (one row per creator, or per participation).
    Import(ImportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    match cli.command {
        Command::Build(args) => build(&root, args),
        Command::Check(args) => check(&root, args),
        Command::Serve {
            port,
            bind,
            audience,
            drafts,
            today,
        } => {
            keep_freed_memory();
            let so = creatorkb::serve::ServeOptions {
                bind,
                port,
                opts: options(audience, drafts, false, None, today),
            };
            ExitCode::from(creatorkb::serve::run(&root, &so))
        }
        Command::Init { dir } => init(&dir),
        Command::New { name, .. } if name.trim().is_empty() => {
            eprintln!(
                "error: the name is empty: give a display name, e.g. creatorkb new creator \"Léa Martin\""
            );
            ExitCode::from(2)
        }
        Command::New { kind, name } => match creatorkb::scaffold::new_entry(&root, kind, &name) {
            Ok(path) => {
                eprintln!("created {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Import(args) => import(&root, args),
    }
}

/// Colour for problems and the bar: stderr is a terminal and `NO_COLOR`
/// is not set.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The progress reporter of a `build` or `check` run.
fn reporter(v: Verbosity) -> cli_progress::Reporter {
    cli_progress::Reporter::new(cli_progress::Show {
        bar: !v.quiet && std::io::stderr().is_terminal(),
        timings: v.verbose,
        color: color(),
    })
}

/// `creatorkb build`.
fn build(root: &Path, args: BuildArgs) -> ExitCode {
    let start = Instant::now();
    let quiet = args.verbosity.quiet;
    let default_out = args.output.is_none();
    let out = args.output.unwrap_or_else(|| root.join("output"));
    // Wrong values of the command line: status 2, before any work.
    if let Err(msg) = creatorkb::output::check_target(root, &out) {
        eprintln!("error: {msg}");
        return ExitCode::from(2);
    }
    if let Some(msg) = args
        .base_url
        .as_deref()
        .and_then(creatorkb::resolve::base_url_problem)
    {
        eprintln!("error: --base-url: {msg}");
        return ExitCode::from(2);
    }
    let opts = options(
        args.audience,
        args.drafts,
        args.offline,
        args.base_url,
        args.today,
    );
    let mut diags = Diagnostics::new();
    let progress = reporter(args.verbosity);
    let built = creatorkb::build_to_folder_with(root, &opts, &out, &mut diags, &progress);
    progress.clear();
    print_diags(diags, Format::Text, quiet);
    let Some(built) = built else {
        eprintln!("build failed: the previous output was left as it was");
        return ExitCode::from(1);
    };
    if quiet {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "built {} pages ({} files, {}) in {:.2} s → {}",
        built.pages,
        built.files,
        opts.audience.as_str(),
        start.elapsed().as_secs_f64(),
        out.display()
    );
    if opts.audience == Audience::Team {
        // Said plainly: this folder must not be published.
        eprintln!(
            "this is the INTERNAL (team) version: it holds private fields (rates, contacts, notes, budgets); do not publish or commit it"
        );
        if default_out {
            eprintln!(
                "note: it was written to output/, the folder a public build uses; give team builds their own folder, e.g. --output output-team (ignored by the .gitignore `init` writes)"
            );
        }
    }
    ExitCode::SUCCESS
}

/// `creatorkb check`.
fn check(root: &Path, args: CheckArgs) -> ExitCode {
    let start = Instant::now();
    let opts = options(args.audience, true, false, None, args.today);
    let mut diags = Diagnostics::new();
    let progress = reporter(args.verbosity);
    let built = creatorkb::check_with(root, &opts, &mut diags, &progress);
    progress.clear();
    let errors = diags.error_count();
    print_diags(diags, args.format, args.verbosity.quiet);
    match built {
        Some(_) if errors == 0 && args.verbosity.quiet => ExitCode::SUCCESS,
        Some(b) if errors == 0 => {
            eprintln!(
                "checked {} pages in {:.2} s: no errors",
                b.pages,
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!(
                "{} error{} found",
                errors.max(1),
                if errors == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
    }
}

/// `creatorkb init`.
fn init(dir: &Path) -> ExitCode {
    match creatorkb::scaffold::init(dir) {
        Ok(()) => {
            eprintln!(
                "created a new site in {} — build it with `creatorkb build --root {}`",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: error: {e}", dir.display());
            ExitCode::from(1)
        }
    }
}

/// `creatorkb import`.
fn import(root: &Path, args: ImportArgs) -> ExitCode {
    let mut pairs = Vec::new();
    for m in &args.map {
        let Some((col, key)) = m.rsplit_once('=') else {
            eprintln!(
                "error: --map {m:?}: write it \"Column=key\", e.g. --map \"Insta=instagram.followers\""
            );
            return ExitCode::from(2);
        };
        pairs.push((col.to_string(), key.to_string()));
    }
    let opts = creatorkb::import::Options {
        kind: args.kind,
        map: pairs,
        ignore: args.ignore,
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
    };
    match creatorkb::import::run(root, &args.file, &opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(creatorkb::import::Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(creatorkb::import::Failure::Data) => ExitCode::from(1),
    }
}

fn options(
    audience: AudienceArg,
    drafts: bool,
    offline: bool,
    base_url: Option<String>,
    today: Option<creatorkb::model::Date>,
) -> Options {
    Options {
        audience: match audience {
            AudienceArg::Public => Audience::Public,
            AudienceArg::Team => Audience::Team,
        },
        drafts,
        offline,
        base_url,
        today,
    }
}

/// `--today`: a real calendar date written YYYY-MM-DD.
fn parse_today(s: &str) -> Result<creatorkb::model::Date, String> {
    creatorkb::model::Date::parse(s)
        .ok_or_else(|| format!("`{s}` is not a date written YYYY-MM-DD, e.g. 2026-03-12"))
}

/// Prints problems: JSON lines on stdout, or text on stderr (coloured on
/// a terminal without `NO_COLOR`; errors only when `quiet`).
fn print_diags(diags: Diagnostics, format: Format, quiet: bool) {
    let color = color();
    for d in diags.into_sorted() {
        if quiet && format == Format::Text && d.severity != Severity::Error {
            continue;
        }
        match format {
            Format::Json => println!("{}", serde_json::to_string(&d).unwrap_or_default()),
            Format::Text if color => eprintln!("{}", colored(&d)),
            Format::Text => eprintln!("{d}"),
        }
    }
}

fn colored(d: &Diagnostic) -> String {
    let plain = d.to_string();
    let (word, code) = match d.severity {
        Severity::Error => (": error: ", "31"),
        Severity::Warning => (": warning: ", "33"),
    };
    plain.replacen(
        word,
        &format!(": \x1b[1;{code}m{}\x1b[0m: ", word.trim_matches([':', ' '])),
        1,
    )
}

// The build allocates many short-lived strings and template values from
// several threads; mimalloc is markedly faster than glibc malloc at that.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`. libmimalloc-sys leaves it out of
/// its constants because its number could change between versions;
/// `tests/allocator.rs` checks it against the option's default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Lets the dev server keep memory it freed for a minute instead of a
/// second.
/// Every rebuild frees and reallocates the same big buffers (an 8 MB
/// directory page, thousands of views); handing them back to the system
/// at once made the next rebuild wait for fresh zeroed pages, about a
/// tenth of a rebuild at 10,000 pages.
fn keep_freed_memory() {
    // SAFETY: sets a plain integer option of the allocator, which mimalloc
    // allows at any time from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 60_000) }
}
