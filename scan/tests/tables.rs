//! The tables a real application touches, found from its code with the right
//! side, checked against a list derived by hand. The application is Spring
//! PetClinic (`fixtures/spring-petclinic`, its origin in `SOURCE.md`).
//!
//! The hand-derived list, module by module (checked against upstream's
//! `db/h2/schema.sql`):
//! - `OwnerRepository` (`JpaRepository<Owner, Integer>`, `save` called by the
//!   owner, pet and visit controllers) writes `owners`; `Owner.pets` and
//!   `Pet.visits` cascade `ALL`, so saving an owner writes `pets` and
//!   `visits` too; `Pet.type` is a plain `@ManyToOne`: `types` is only read.
//! - `PetTypeRepository` (`@Query` over `PetType`) reads `types`.
//! - `VetRepository` (`Repository<Vet, Integer>`, finders only) reads `vets`
//!   and, through the eager `@ManyToMany` join table, `vet_specialties` and
//!   `specialties`.
//! - No other class touches a table: the controllers reach them through the
//!   repositories, and the entities are only mapped.

use std::path::Path;

use scan::{Level, ScanLimits, ScanOptions, read_folder, scan};

const PACKAGE: &str = "org.springframework.samples.petclinic";

fn petclinic() -> scan::Scan {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spring-petclinic");
    let tree = read_folder(&root, &ScanLimits::default()).expect("reads the fixture");
    let options = ScanOptions {
        source: "spring-petclinic".into(),
        level: Level::Class,
        rules: Vec::new(),
    };
    scan(tree, &options).expect("scans the fixture")
}

#[test]
fn every_table_petclinic_touches_is_found_with_its_side() {
    let found = petclinic();
    let mut tables: Vec<(String, String, bool)> = found
        .layer
        .tables
        .iter()
        .map(|t| {
            let module = t.module.strip_prefix(PACKAGE).unwrap_or(&t.module);
            (module.to_string(), t.table.clone(), t.writes)
        })
        .collect();
    tables.sort();
    let expected = [
        (".owner.OwnerRepository", "owners", true),
        (".owner.OwnerRepository", "pets", true),
        (".owner.OwnerRepository", "types", false),
        (".owner.OwnerRepository", "visits", true),
        (".owner.PetTypeRepository", "types", false),
        (".vet.VetRepository", "specialties", false),
        (".vet.VetRepository", "vet_specialties", false),
        (".vet.VetRepository", "vets", false),
    ]
    .map(|(module, table, writes)| (module.to_string(), table.to_string(), writes));
    assert_eq!(tables, expected);
}

#[test]
fn every_route_is_an_entry_module_calling_its_controller() {
    let found = petclinic();
    let handler = |route: &str| -> Vec<String> {
        found
            .layer
            .calls
            .iter()
            .filter(|c| c.caller == route)
            .map(|c| c.callee.trim_start_matches(PACKAGE).to_string())
            .collect()
    };
    assert_eq!(found.layer.entry_points.len(), 17);
    assert_eq!(handler("GET /vets"), [".vet.VetController"]);
    assert_eq!(
        handler("POST /owners/{ownerId}/pets/{petId}/visits/new"),
        [".owner.VisitController"]
    );
    assert_eq!(
        handler("POST /owners/{ownerId}/pets/new"),
        [".owner.PetController"]
    );
    assert_eq!(handler("GET /oups"), [".system.CrashController"]);
}

#[test]
fn controllers_reach_the_repositories_they_hold() {
    let found = petclinic();
    let calls = |from: &str, to: &str| {
        let (caller, callee) = (format!("{PACKAGE}{from}"), format!("{PACKAGE}{to}"));
        found
            .layer
            .calls
            .iter()
            .any(|c| c.caller == caller && c.callee == callee)
    };
    assert!(calls(".owner.OwnerController", ".owner.OwnerRepository"));
    assert!(calls(".owner.PetController", ".owner.PetTypeRepository"));
    assert!(calls(".vet.VetController", ".vet.VetRepository"));
    assert!(calls(".owner.Owner", ".owner.Pet"));
    assert!(!calls(".vet.VetController", ".owner.OwnerRepository"));
}

/// django-todo 2.7.0 (`fixtures/django-todo`, its origin in `SOURCE.md`).
fn django_todo() -> scan::Scan {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/django-todo");
    let tree = read_folder(&root, &ScanLimits::default()).expect("reads the fixture");
    let options = ScanOptions {
        source: "django-todo".into(),
        level: Level::Class,
        rules: Vec::new(),
    };
    scan(tree, &options).expect("scans the fixture")
}

/// The tables each django-todo module touches, derived by hand from its code
/// (module, tables only read, tables written; a written table is listed as
/// written only). The rules: a queryset (`Model.objects…`,
/// `get_object_or_404`) reads the model's table, `save()`, `delete()`,
/// `create`, `update`, `get_or_create`… write it; following a foreign key from
/// an instance (`task.task_list`) reads the related table, a many-to-many
/// (`task.assigned_to.all()`, `user.groups`) its join table and the related
/// one, and `add`/`set`/`remove`/`clear` write the join table; a model form's
/// `save()` writes its model and its many-to-many join tables, `save(commit=
/// False)` nothing yet. Django's own models: `User` (`request.user`,
/// `get_user_model()`, `settings.AUTH_USER_MODEL`) is `auth_user`, `Group`
/// `auth_group`, their membership `auth_user_groups`, `Site` `django_site`.
/// The app label is `todo` (no `db_table` anywhere). `todo.utils` works on
/// untyped parameters its callers fill with a `Task` (`task`, `new_task`) and
/// `request.user` (`user`): the scan takes a name spelled like a model
/// (`task_list` for `TaskList`, `user` for `User`) as an instance of it.
const TODO_TABLES: [(&str, &[&str], &[&str]); 18] = [
    (
        "todo.forms",
        &[
            "auth_group",
            "auth_user",
            "auth_user_groups",
            "todo_tasklist",
        ],
        &[],
    ),
    (
        "todo.mail.consumers.tracker",
        &["auth_user", "todo_tasklist"],
        &["todo_comment", "todo_task"],
    ),
    (
        "todo.management.commands.hopper",
        &[],
        &[
            "auth_group",
            "auth_user",
            "auth_user_groups",
            "todo_task",
            "todo_task_assigned_to",
            "todo_tasklist",
        ],
    ),
    (
        "todo.models",
        &["auth_user"],
        &["todo_comment", "todo_task"],
    ),
    (
        "todo.operations.csv_importer",
        &[
            "auth_group",
            "auth_user",
            "auth_user_groups",
            "todo_tasklist",
        ],
        &["todo_task", "todo_task_assigned_to"],
    ),
    (
        "todo.utils",
        &[
            "auth_group",
            "auth_user",
            "auth_user_groups",
            "django_site",
            "todo_comment",
            "todo_task_assigned_to",
            "todo_tasklist",
        ],
        &["todo_attachment", "todo_task"],
    ),
    (
        "todo.views.add_list",
        &["auth_group", "auth_user_groups"],
        &["todo_tasklist"],
    ),
    (
        "todo.views.del_list",
        &["auth_group", "auth_user_groups", "todo_task"],
        &["todo_tasklist"],
    ),
    (
        "todo.views.delete_task",
        &[
            "auth_group",
            "auth_user",
            "auth_user_groups",
            "todo_task_assigned_to",
            "todo_tasklist",
        ],
        &["todo_task"],
    ),
    (
        "todo.views.external_add",
        &["auth_user", "django_site", "todo_tasklist"],
        &["todo_task", "todo_task_assigned_to"],
    ),
    (
        "todo.views.list_detail",
        &[
            "auth_group",
            "auth_user",
            "auth_user_groups",
            "todo_tasklist",
        ],
        &["todo_task", "todo_task_assigned_to"],
    ),
    (
        "todo.views.list_lists",
        &[
            "auth_group",
            "auth_user_groups",
            "todo_task",
            "todo_tasklist",
        ],
        &[],
    ),
    (
        "todo.views.remove_attachment",
        &[
            "auth_group",
            "auth_user_groups",
            "todo_attachment",
            "todo_task",
            "todo_tasklist",
        ],
        &[],
    ),
    ("todo.views.reorder_tasks", &[], &["todo_task"]),
    (
        "todo.views.search",
        &["auth_group", "auth_user_groups", "todo_task"],
        &[],
    ),
    (
        "todo.views.task_autocomplete",
        &["todo_task", "todo_tasklist"],
        &[],
    ),
    (
        "todo.views.task_detail",
        &["todo_tasklist"],
        &[
            "todo_attachment",
            "todo_comment",
            "todo_task",
            "todo_task_assigned_to",
        ],
    ),
    (
        "todo.views.toggle_done",
        &[
            "auth_group",
            "auth_user",
            "auth_user_groups",
            "todo_task",
            "todo_task_assigned_to",
            "todo_tasklist",
        ],
        &[],
    ),
];

#[test]
fn every_table_django_todo_touches_is_found_with_its_side() {
    let found = django_todo();
    let mut tables: Vec<(String, String, bool)> = found
        .layer
        .tables
        .iter()
        .map(|t| (t.module.clone(), t.table.clone(), t.writes))
        .collect();
    tables.sort();
    let mut expected: Vec<(String, String, bool)> = TODO_TABLES
        .iter()
        .flat_map(|(module, reads, writes)| {
            let read = reads
                .iter()
                .map(move |t| (module.to_string(), t.to_string(), false));
            let written = writes
                .iter()
                .map(move |t| (module.to_string(), t.to_string(), true));
            read.chain(written)
        })
        .collect();
    expected.sort();
    let missed: Vec<_> = expected.iter().filter(|e| !tables.contains(e)).collect();
    let extra: Vec<_> = tables.iter().filter(|t| !expected.contains(t)).collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "{} of {} hand-listed facts found\nmissed: {missed:#?}\nnot in the hand list: {extra:#?}",
        expected.len() - missed.len(),
        expected.len()
    );
}

#[test]
fn django_todo_routes_are_entry_modules_calling_their_views() {
    let found = django_todo();
    let handler = |route: &str| -> Vec<String> {
        found
            .layer
            .calls
            .iter()
            .filter(|c| c.caller == route)
            .map(|c| c.callee.clone())
            .collect()
    };
    assert_eq!(found.layer.entry_points.len(), 15);
    assert_eq!(
        handler("ANY /toggle_done/<int:task_id>"),
        ["todo.views.toggle_done"]
    );
    assert_eq!(handler("ANY /"), ["todo.views.list_lists"]);
    let migrations: Vec<&str> = found
        .skipped
        .iter()
        .filter(|s| s.path.starts_with("todo/migrations/"))
        .map(|s| s.reason.as_str())
        .collect();
    assert!(migrations.len() > 10, "{:?}", found.skipped);
    assert!(
        migrations
            .iter()
            .all(|r| *r == "database migrations (the schema's history)")
    );
}
