//! Authorisation: every server function and API route, tried as owner,
//! facilitator, participant, viewer, guest (joined from a participant invite),
//! non-member and anonymous; exactly the allowed ones succeed.

mod common;

use common::{Person, Server};
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Actor {
    Owner,
    Facilitator,
    Participant,
    Viewer,
    Guest,
    Outsider,
    Anonymous,
}

use Actor::*;

const EVERYONE: &[Actor] = &[
    Owner,
    Facilitator,
    Participant,
    Viewer,
    Guest,
    Outsider,
    Anonymous,
];
const SIGNED_IN: &[Actor] = &[Owner, Facilitator, Participant, Viewer, Guest, Outsider];
const MEMBERS: &[Actor] = &[Owner, Facilitator, Participant, Viewer, Guest];
const EDITORS: &[Actor] = &[Owner, Facilitator, Participant, Guest];
const FACILITATORS: &[Actor] = &[Owner, Facilitator];
const OWNERS: &[Actor] = &[Owner];
const ACCOUNTS: &[Actor] = &[Owner, Facilitator, Participant, Viewer, Outsider];

/// A project with one member of each kind.
struct Fixture {
    id: String,
    split: String,
    service: String,
    people: Vec<(Actor, Person)>,
}

impl Fixture {
    fn person(&self, actor: Actor) -> &Person {
        &self.people.iter().find(|(a, _)| *a == actor).unwrap().1
    }
}

async fn invite(owner: &Person, project: &str, role: &str) -> String {
    owner
        .ok(
            "invites/create",
            json!({"id": project, "role": role, "days": 7}),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn fixture(server: &Server) -> Fixture {
    let owner = Person::sign_up(server, "Owner").await;
    let facilitator = Person::sign_up(server, "Facilitator").await;
    let participant = Person::sign_up(server, "Participant").await;
    let viewer = Person::sign_up(server, "Viewer").await;
    let outsider = Person::sign_up(server, "Outsider").await;
    let guest = Person::anonymous(server, "Guest");
    let anonymous = Person::anonymous(server, "Anonymous");
    let id = owner
        .ok("projects/create", json!({"source": {"kind": "demo"}}))
        .await
        .as_str()
        .unwrap()
        .to_string();
    let facilitator_link = invite(&owner, &id, "facilitator").await;
    // "editor", the old name of the participant role, is still understood.
    let participant_link = invite(&owner, &id, "editor").await;
    let viewer_link = invite(&owner, &id, "viewer").await;
    for (person, link) in [
        (&facilitator, &facilitator_link),
        (&participant, &participant_link),
    ] {
        person
            .ok("invites/join", json!({"token": link, "display_name": null}))
            .await;
    }
    viewer
        .ok(
            "invites/join",
            json!({"token": viewer_link, "display_name": null}),
        )
        .await;
    guest
        .ok(
            "invites/join",
            json!({"token": participant_link, "display_name": "손님"}),
        )
        .await;
    let doc = owner.ok("projects/open", json!({"id": id})).await;
    let split = doc["project"]["splits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let service = doc["project"]["splits"][0]["services"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    Fixture {
        id,
        split,
        service,
        people: vec![
            (Owner, owner),
            (Facilitator, facilitator),
            (Participant, participant),
            (Viewer, viewer),
            (Guest, guest),
            (Outsider, outsider),
            (Anonymous, anonymous),
        ],
    }
}

/// The status of a GET of `path` by `person` (with their cookies).
fn get(person: &Person, path: String) -> impl std::future::Future<Output = (u16, Value)> {
    let person = person.clone();
    async move {
        let url = format!("{}{path}", person.base);
        let response = person.http.get(url).send().await.unwrap();
        (response.status().as_u16(), Value::Null)
    }
}

/// Asserts the outcome of one operation for every actor.
async fn check<F, Fut>(name: &str, allowed: &[Actor], attempt: F)
where
    F: Fn(Actor) -> Fut,
    Fut: std::future::Future<Output = (u16, Value)>,
{
    for actor in EVERYONE {
        let (status, body) = attempt(*actor).await;
        let should = allowed.contains(actor);
        assert_eq!(
            (200..300).contains(&status),
            should,
            "{name} as {actor:?}: status {status}, body {body}"
        );
        if !should {
            assert!(
                matches!(status, 401 | 403 | 404 | 422),
                "{name} as {actor:?}: refused with {status}"
            );
        }
    }
}

#[tokio::test]
async fn exactly_the_allowed_roles_succeed() {
    let server = Server::start("authz", None);
    let f = fixture(&server).await;
    let id = f.id.clone();

    check("auth/me", EVERYONE, |a| {
        f.person(a).call("auth/me", json!({}))
    })
    .await;
    check("projects/list", SIGNED_IN, |a| {
        f.person(a).call("projects/list", json!({"deleted": false}))
    })
    .await;
    check("projects/open", MEMBERS, |a| {
        f.person(a).call("projects/open", json!({"id": id}))
    })
    .await;
    // The pages' reads.
    for (endpoint, body) in [
        ("projects/head", json!({"id": id})),
        ("projects/splits", json!({"id": id})),
        (
            "projects/modules",
            json!({"id": id, "query": {"filter": "fee", "sort": "name", "descending": true, "offset": 0, "limit": 10}}),
        ),
        (
            "projects/calls",
            json!({"id": id, "query": {"filter": "", "sort": "volume", "descending": false, "offset": 0, "limit": 10}}),
        ),
        (
            "projects/module",
            json!({"id": id, "module": "fee.FeeCalculator"}),
        ),
        ("projects/compare", json!({"id": id, "splits": []})),
        (
            "projects/graph",
            json!({"id": id, "request": {"grouping": {"by": "package"}, "expanded": ["fee"]}}),
        ),
        ("projects/split-state", json!({"id": id, "split": f.split})),
        (
            "projects/export",
            json!({"id": id, "format": "markdown", "korean": true, "split": null}),
        ),
    ] {
        check(endpoint, MEMBERS, |a| {
            f.person(a).call(endpoint, body.clone())
        })
        .await;
    }
    check("GET projects/editor-model", MEMBERS, |a| {
        get(
            f.person(a),
            format!("/api/projects/editor-model?id={id}&revision=1"),
        )
    })
    .await;
    check("splits/make", EDITORS, |a| {
        let body = json!({"id": id, "how": {"how": "by_tag", "kind": "subdomain", "untagged": "leave_unassigned", "name": "By subdomain"}});
        f.person(a).call("splits/make", body)
    })
    .await;
    check("projects/history", MEMBERS, |a| {
        f.person(a)
            .call("projects/history", json!({"id": id, "before": null}))
    })
    .await;
    check("members/list", MEMBERS, |a| {
        f.person(a).call("members/list", json!({"id": id}))
    })
    .await;
    check("invites/list", OWNERS, |a| {
        f.person(a).call("invites/list", json!({"id": id}))
    })
    .await;
    check("tokens/list", SIGNED_IN, |a| {
        f.person(a).call("tokens/list", json!({}))
    })
    .await;

    // Edits: each actor re-reads the revision first, so only permissions decide.
    check("projects/edit assign", EDITORS, |a| {
        let person = f.person(a).clone();
        let (id, split, service) = (id.clone(), f.split.clone(), f.service.clone());
        async move {
            let (_, doc) = person.call("projects/open", json!({"id": id})).await;
            let seen = doc["revision"].as_i64().unwrap_or(0);
            let edit = json!({"op": "assign", "split": split, "module": "fee.FeeCalculator", "service": service});
            person.call("projects/edit", json!({"id": id, "seen_revision": seen, "edit": edit})).await
        }
    })
    .await;
    check("projects/edit answer", MEMBERS, |a| {
        let person = f.person(a).clone();
        let id = id.clone();
        async move {
            let (_, doc) = person.call("projects/open", json!({"id": id})).await;
            let seen = doc["revision"].as_i64().unwrap_or(0);
            let edit = json!({"op": "answer", "participant": "anyone", "question": "n1", "answer": "yes", "note": ""});
            person.call("projects/edit", json!({"id": id, "seen_revision": seen, "edit": edit})).await
        }
    })
    .await;
    // The live workshop: everyone on the project follows and votes; the owner and
    // facilitators run the room.
    check("GET /api/projects/{id}/live", MEMBERS, |a| {
        get(f.person(a), format!("/api/projects/{id}/live?page=/p/{id}"))
    })
    .await;
    check("GET /api/projects/{id}/report.html", MEMBERS, |a| {
        get(
            f.person(a),
            format!("/api/projects/{id}/report.html?lang=en"),
        )
    })
    .await;
    check("live/page", MEMBERS, |a| {
        f.person(a).call(
            "live/page",
            json!({"project": id, "page": format!("/p/{id}/compare")}),
        )
    })
    .await;
    check("live/vote/open", FACILITATORS, |a| {
        f.person(a).call(
            "live/vote/open",
            json!({"project": id, "topic": "readiness:n2"}),
        )
    })
    .await;
    let open_round = || {
        let (owner, id) = (f.person(Owner).clone(), id.clone());
        async move {
            owner
                .ok(
                    "live/vote/open",
                    json!({"project": id, "topic": "readiness:n2"}),
                )
                .await
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    check("live/vote/cast", MEMBERS, |a| {
        let (person, id) = (f.person(a).clone(), id.clone());
        async move {
            let round = open_round().await;
            person
                .call(
                    "live/vote/cast",
                    json!({"project": id, "round": round, "value": "yes"}),
                )
                .await
        }
    })
    .await;
    for action in ["live/vote/reveal", "live/vote/close"] {
        check(action, FACILITATORS, |a| {
            let (person, id) = (f.person(a).clone(), id.clone());
            async move {
                let round = open_round().await;
                person
                    .call(action, json!({"project": id, "round": round}))
                    .await
            }
        })
        .await;
    }
    check("live/vote/record", FACILITATORS, |a| {
        let (owner, person, id) = (f.person(Owner).clone(), f.person(a).clone(), id.clone());
        async move {
            let round = open_round().await;
            owner
                .ok(
                    "live/vote/cast",
                    json!({"project": id, "round": round, "value": "no"}),
                )
                .await;
            owner
                .ok("live/vote/reveal", json!({"project": id, "round": round}))
                .await;
            person
                .call("live/vote/record", json!({"project": id, "round": round}))
                .await
        }
    })
    .await;
    check("live/timer/start", FACILITATORS, |a| {
        f.person(a).call(
            "live/timer/start",
            json!({"project": id, "minutes": 5, "label": "n2"}),
        )
    })
    .await;
    check("live/timer/stop", FACILITATORS, |a| {
        f.person(a).call("live/timer/stop", json!({"project": id}))
    })
    .await;
    check("live/follow", FACILITATORS, |a| {
        f.person(a).call(
            "live/follow",
            json!({"project": id, "path": format!("/p/{id}/compare")}),
        )
    })
    .await;
    check("projects/restore", EDITORS, |a| {
        f.person(a)
            .call("projects/restore", json!({"id": id, "revision": 1}))
    })
    .await;
    check("projects/duplicate", MEMBERS, |a| {
        f.person(a)
            .call("projects/duplicate", json!({"id": id, "name": "copy"}))
    })
    .await;
    check("projects/create", SIGNED_IN, |a| {
        f.person(a).call(
            "projects/create",
            json!({"source": {"kind": "empty", "name": "mine", "description": ""}}),
        )
    })
    .await;
    check("invites/create", OWNERS, |a| {
        f.person(a).call(
            "invites/create",
            json!({"id": id, "role": "viewer", "days": 1}),
        )
    })
    .await;
    check("tokens/create", ACCOUNTS, |a| {
        f.person(a).call("tokens/create", json!({"name": "ci"}))
    })
    .await;

    // Operations that change memberships or delete: a fresh fixture each time.
    let owner = f.person(Owner).clone();
    check("projects/delete", OWNERS, |a| {
        let server = &server;
        async move {
            let g = fixture(server).await;
            g.person(a)
                .call("projects/delete", json!({"id": g.id}))
                .await
        }
    })
    .await;
    check("projects/undelete", OWNERS, |a| {
        let server = &server;
        async move {
            let g = fixture(server).await;
            g.person(Owner)
                .ok("projects/delete", json!({"id": g.id}))
                .await;
            g.person(a)
                .call("projects/undelete", json!({"id": g.id}))
                .await
        }
    })
    .await;
    check("members/set_role", OWNERS, |a| {
        let server = &server;
        async move {
            let g = fixture(server).await;
            let members = g
                .person(Owner)
                .ok("members/list", json!({"id": g.id}))
                .await;
            let viewer = members
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["display_name"] == "Viewer")
                .unwrap();
            g.person(a)
                .call(
                    "members/set_role",
                    json!({"id": g.id, "user_id": viewer["user_id"], "role": "facilitator"}),
                )
                .await
        }
    })
    .await;
    check("members/remove (someone else)", OWNERS, |a| {
        let server = &server;
        async move {
            let g = fixture(server).await;
            let members = g
                .person(Owner)
                .ok("members/list", json!({"id": g.id}))
                .await;
            let target = if a == Viewer { "Participant" } else { "Viewer" };
            let member = members
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["display_name"] == target)
                .unwrap();
            g.person(a)
                .call(
                    "members/remove",
                    json!({"id": g.id, "user_id": member["user_id"]}),
                )
                .await
        }
    })
    .await;
    check(
        "members/remove (leaving)",
        &[Facilitator, Participant, Viewer, Guest],
        |a| {
            let server = &server;
            async move {
                let g = fixture(server).await;
                let me = g.person(a).ok("auth/me", json!({})).await;
                let id = me["id"].as_str().unwrap_or("nobody").to_string();
                g.person(a)
                    .call("members/remove", json!({"id": g.id, "user_id": id}))
                    .await
            }
        },
    )
    .await;
    check("invites/revoke", OWNERS, |a| {
        let owner = owner.clone();
        let person = f.person(a).clone();
        let id = id.clone();
        async move {
            let invite = owner
                .ok(
                    "invites/create",
                    json!({"id": id, "role": "viewer", "days": 1}),
                )
                .await;
            person
                .call(
                    "invites/revoke",
                    json!({"id": id, "invite_id": invite["id"]}),
                )
                .await
        }
    })
    .await;
    check("invites/offer", EVERYONE, |a| {
        let owner = owner.clone();
        let person = f.person(a).clone();
        let id = id.clone();
        async move {
            let link = invite(&owner, &id, "viewer").await;
            person.call("invites/offer", json!({"token": link})).await
        }
    })
    .await;
    check("tokens/revoke (own)", ACCOUNTS, |a| {
        let person = f.person(a).clone();
        async move {
            let (status, created) = person.call("tokens/create", json!({"name": "t"})).await;
            if status != 200 {
                return (status, created);
            }
            person
                .call("tokens/revoke", json!({"token_id": created["token"]["id"]}))
                .await
        }
    })
    .await;
    check("auth/upgrade", &[Guest], |a| {
        let server = &server;
        async move {
            let g = fixture(server).await;
            g.person(a)
                .call(
                    "auth/upgrade",
                    json!({"email": format!("upgraded-{a:?}@example.com"), "display_name": "Upgraded", "password": "long enough pw"}),
                )
                .await
        }
    })
    .await;

    // The automation API, with each account's own token.
    let http = reqwest::Client::new();
    let mut tokens = Vec::new();
    for actor in [Owner, Facilitator, Participant, Viewer, Outsider] {
        let created = f
            .person(actor)
            .ok("tokens/create", json!({"name": "api"}))
            .await;
        tokens.push((actor, created["secret"].as_str().unwrap().to_string()));
    }
    let api = |method: reqwest::Method,
               path: String,
               body: Option<(&'static str, String)>,
               actor: Actor| {
        let token = tokens
            .iter()
            .find(|(a, _)| *a == actor)
            .map(|(_, t)| t.clone());
        let mut request = http.request(method, server.url(&path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some((content_type, body)) = body {
            request = request.header("content-type", content_type).body(body);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, Value::String(response.text().await.unwrap()))
        }
    };
    let with_tokens: &[Actor] = &[Owner, Facilitator, Participant, Viewer, Outsider];
    check("GET /api/v1/projects", with_tokens, |a| {
        api(reqwest::Method::GET, "/api/v1/projects".into(), None, a)
    })
    .await;
    let token_members: &[Actor] = &[Owner, Facilitator, Participant, Viewer];
    check("GET /api/v1/projects/{id}", token_members, |a| {
        api(
            reqwest::Method::GET,
            format!("/api/v1/projects/{id}"),
            None,
            a,
        )
    })
    .await;
    check("GET /api/v1/projects/{id}/analysis", token_members, |a| {
        api(
            reqwest::Method::GET,
            format!("/api/v1/projects/{id}/analysis"),
            None,
            a,
        )
    })
    .await;
    check(
        "PUT /api/v1/projects/{id}/model",
        &[Owner, Facilitator, Participant],
        |a| {
            api(
                reqwest::Method::PUT,
                format!("/api/v1/projects/{id}/model"),
                Some(("text/csv", "caller,callee,volume\nweb,pay,10\n".to_string())),
                a,
            )
        },
    )
    .await;
}
