//! Hostile files and careless crowds, as they reach the server over HTTP: each
//! test is one way the server was seen to stall, leak or be misled.

mod common;

use std::time::Duration;

use common::sse::LiveStream;
use common::{Person, Server, access_token, demo_project, joined};
use engine::model::{AnswerValue, ReadinessAnswer};
use serde_json::{Value, json};

#[tokio::test]
async fn a_chunked_body_is_cut_off_at_the_limit_of_its_route() {
    let server = Server::start("hostile-chunked", None);
    // 3 MiB to sign-in (2 MiB allowed), in chunks and without a Content-Length.
    let chunks = (0..48).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64 * 1024]));
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let sent = reqwest::Client::new()
        .post(server.url("/api/auth/sign_in"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await;
    match sent {
        Ok(response) => {
            assert_eq!(response.status(), 413);
            assert_eq!(
                response.text().await.unwrap(),
                "The request is over the limit of 2.0 MiB."
            );
        }
        // The server answered 413 and closed the connection while the client was
        // still writing the rest: the client sees the cut-off as a failed write.
        Err(error) => assert!(
            error.is_request() && format!("{error:?}").contains("BodyWrite"),
            "{error:?}"
        ),
    }
    let health = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200, "the server keeps answering");
}

#[tokio::test]
async fn an_edge_statement_bomb_is_refused_at_once_and_the_server_keeps_answering() {
    let server = Server::start("hostile-dot", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let token = owner.ok("tokens/create", json!({"name": "ci"})).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let side = |prefix: &str| {
        (0..2_500)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let bomb = format!("digraph {{ {{{}}} -> {{{}}} }}", side("a"), side("b"));
    let http = reqwest::Client::new();
    let puts = (0..2).map(|_| {
        http.put(server.url(&format!("/api/v1/projects/{project}/model")))
            .bearer_auth(&token)
            .header("content-type", "text/vnd.graphviz")
            .body(bomb.clone())
            .send()
    });
    let health = http.get(server.url("/healthz")).send();
    let (answers, health) = tokio::join!(futures_util::future::join_all(puts), health);
    assert_eq!(health.unwrap().status(), 200);
    for answer in answers {
        let answer = answer.unwrap();
        assert_eq!(answer.status(), 422);
        let text = answer.text().await.unwrap();
        assert!(
            text.contains("name more than 2000000 edges (the call limit)"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn parallel_wrong_passwords_cannot_slip_under_the_limit() {
    let server = Server::start("hostile-sign-in-race", None);
    let kim = Person::sign_up(&server, "Kim").await;
    let email = kim.ok("auth/me", json!({})).await["email"]
        .as_str()
        .unwrap()
        .to_string();
    let attacker = Person::anonymous(&server, "attacker");
    let attempts = (0..40).map(|_| {
        attacker.call(
            "auth/sign_in",
            json!({"email": email, "password": "wrong guess"}),
        )
    });
    let answers = futures_util::future::join_all(attempts).await;
    let checked = answers.iter().filter(|(status, _)| *status == 422).count();
    let refused = answers.iter().filter(|(status, _)| *status == 429).count();
    assert_eq!(checked + refused, 40, "{answers:?}");
    assert!(checked <= 5, "{checked} passwords were checked");
}

#[tokio::test]
async fn a_stranger_elsewhere_cannot_lock_the_owner_out() {
    let server = Server::start_with(
        "hostile-lockout",
        None,
        &[("SEAMS_CLIENT_ADDRESS_HEADER", "X-Forwarded-For")],
    );
    let kim = Person::sign_up(&server, "Kim").await;
    let email = kim.ok("auth/me", json!({})).await["email"]
        .as_str()
        .unwrap()
        .to_string();
    let sign_in = |from: &'static str, password: &'static str| {
        let email = email.clone();
        let url = server.url("/api/auth/sign_in");
        async move {
            reqwest::Client::new()
                .post(url)
                .header("x-forwarded-for", from)
                .json(&json!({"email": email, "password": password}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for _ in 0..8 {
        sign_in("203.0.113.9", "wrong guess").await;
    }
    assert_eq!(sign_in("203.0.113.9", "correct horse battery").await, 429);
    assert_eq!(
        sign_in("198.51.100.7", "correct horse battery").await,
        200,
        "the owner, from their own address, is not locked out"
    );
}

#[tokio::test]
async fn sign_ups_from_one_address_are_limited() {
    let server = Server::start_with("hostile-sign-up", None, &[("SEAMS_SIGN_UPS_PER_HOUR", "3")]);
    let mut statuses = Vec::new();
    for n in 0..5 {
        let person = Person::anonymous(&server, "crowd");
        let (status, _) = person
            .call(
                "auth/sign_up",
                json!({"email": format!("crowd{n}@example.com"), "display_name": "Crowd", "password": "a long password"}),
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn one_person_cannot_hold_more_live_streams_than_allowed() {
    let server = Server::start_with("hostile-streams", None, &[("SEAMS_STREAMS_PER_USER", "3")]);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(
            LiveStream::open(&owner.http, &owner.base, &project)
                .await
                .unwrap(),
        );
    }
    let fourth = LiveStream::open(&owner.http, &owner.base, &project).await;
    assert_eq!(fourth.err(), Some(429));
    // A closed tab gives its place back.
    drop(open.pop());
    let mut again = Err(0);
    for _ in 0..50 {
        again = LiveStream::open(&owner.http, &owner.base, &project).await;
        if again.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(again.is_ok(), "{:?}", again.err());
}

#[tokio::test]
async fn a_removed_member_stops_hearing_the_project_at_once() {
    let server = Server::start("hostile-removed", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let editor = joined(&server, &owner, &project, "editor", "Editor").await;
    let editor_id = editor.ok("auth/me", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut stream = LiveStream::open(&editor.http, &editor.base, &project)
        .await
        .unwrap();
    owner
        .ok(
            "members/remove",
            json!({"id": project, "user_id": editor_id}),
        )
        .await;
    assert!(
        stream.ends_within(Duration::from_secs(5)).await,
        "the stream ends well before the 20 s heartbeat"
    );
}

#[tokio::test]
async fn imported_answers_speak_only_for_the_importer() {
    let server = Server::start("hostile-answers", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let owner_id = owner.ok("auth/me", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut project = engine::demo::project();
    let answer = |participant: &str, question: &str, value| ReadinessAnswer {
        participant: participant.into(),
        question: question.into(),
        answer: value,
        note: String::new(),
    };
    let create = |project: &engine::model::Project| {
        let source = json!({
            "format": "json", "name": "", "first": engine::formats::native::to_json(project),
            "second": "", "third": "", "package_level": false,
        });
        owner.call(
            "projects/create",
            json!({"source": {"kind": "import", "source": source}}),
        )
    };

    // One person answering one question twice: a clear refusal, not a 500.
    project.readiness.answers = vec![
        answer("someone-else", "n1", AnswerValue::Yes),
        answer("someone-else", "n1", AnswerValue::No),
    ];
    let (status, body) = create(&project).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["Invalid"]["en"],
        "project.json: readiness: someone-else answered question 'n1' twice"
    );

    // Answers in other people's names become the importer's, one per question.
    project.readiness.answers = vec![
        answer("someone-else", "n1", AnswerValue::Yes),
        answer("a-third-person", "n1", AnswerValue::Partly),
        answer("someone-else", "n2", AnswerValue::No),
    ];
    let (status, id) = create(&project).await;
    assert_eq!(status, 200, "{id}");
    let doc = owner.ok("projects/open", json!({"id": id})).await;
    let answers: &Vec<Value> = doc["project"]["readiness"]["answers"].as_array().unwrap();
    let seen: Vec<(&str, &str, &str)> = answers
        .iter()
        .map(|a| {
            (
                a["participant"].as_str().unwrap(),
                a["question"].as_str().unwrap(),
                a["answer"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (owner_id.as_str(), "n1", "yes"),
            (owner_id.as_str(), "n2", "no")
        ]
    );
}

#[tokio::test]
async fn everyone_can_be_brought_only_to_a_page_of_the_project() {
    let server = Server::start("hostile-follow", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    for path in [
        format!("/p/{project}/../../signin"),
        format!("/p/{project}/%2e%2e/x"),
        format!("/p/{project}/\\evil.example"),
    ] {
        let (status, body) = owner
            .call("live/follow", json!({"project": project, "path": path}))
            .await;
        assert_eq!(status, 422, "{path}: {body}");
    }
    owner
        .ok(
            "live/follow",
            json!({"project": project, "path": format!("/p/{project}/compare")}),
        )
        .await;
}

#[tokio::test]
async fn a_guest_cannot_store_a_huge_checklist_note() {
    let server = Server::start("hostile-note", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let viewer = joined(&server, &owner, &project, "viewer", "Guest").await;
    let viewer_id = viewer.ok("auth/me", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let doc = viewer.ok("projects/open", json!({"id": project})).await;
    let seen = doc["revision"].as_i64().unwrap();
    let answer = |note: String| {
        json!({"id": project, "seen_revision": seen, "edit": {
            "op": "answer", "participant": viewer_id, "question": "n1", "answer": "yes", "note": note,
        }})
    };
    let (status, body) = viewer
        .call("projects/edit", answer("x".repeat(1024 * 1024)))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["Invalid"]["en"],
        "the note on question 'n1' is longer than 20000 characters"
    );
    assert_eq!(
        body["Invalid"]["ko"],
        "질문 'n1'에 단 메모: 20000자까지 쓸 수 있습니다"
    );
    viewer
        .ok("projects/edit", answer("a short reason".into()))
        .await;
}

/// The middle of five timings each of `first` and `second`, taken in turns
/// so that both meet the same load (the other tests run beside this one).
async fn medians_of_five_in_turns<F, A>(first: A, second: A) -> (Duration, Duration)
where
    F: std::future::Future<Output = (u16, Value)>,
    A: Fn() -> F,
{
    let mut times = (Vec::new(), Vec::new());
    for _ in 0..5 {
        for (attempt, times) in [(&first, &mut times.0), (&second, &mut times.1)] {
            let started = std::time::Instant::now();
            let (status, body) = attempt().await;
            assert_eq!(status, 422, "{body}");
            times.push(started.elapsed());
        }
    }
    times.0.sort();
    times.1.sort();
    (times.0[2], times.1[2])
}

#[tokio::test]
async fn an_unknown_email_takes_the_password_work_a_known_one_does() {
    let server = Server::start("hostile-enumeration", None);
    let kim = Person::sign_up(&server, "Kim").await;
    let email = kim.ok("auth/me", json!({})).await["email"]
        .as_str()
        .unwrap()
        .to_string();
    let guesser = Person::anonymous(&server, "guesser");
    let try_email = |email: String| {
        let guesser = guesser.clone();
        move || {
            let (guesser, email) = (guesser.clone(), email.clone());
            async move {
                guesser
                    .call(
                        "auth/sign_in",
                        json!({"email": email, "password": "wrong guess"}),
                    )
                    .await
            }
        }
    };
    let (known, unknown) = medians_of_five_in_turns(
        try_email(email),
        try_email("nobody-here@example.com".into()),
    )
    .await;
    // Without the dummy hash an unknown email answered 7× faster (8 ms vs 60 ms).
    assert!(
        unknown * 2 >= known,
        "unknown email {unknown:?}, known email {known:?}"
    );
}

#[tokio::test]
async fn readiness_keeps_its_reason_in_the_log() {
    let server = Server::start("hostile-readyz", None);
    let url = format!(
        "sqlite://{}",
        server.dir.join("data").join("seams.db").display()
    );
    let db = app::store::Db::connect(&url).await.unwrap();
    db.execute_admin(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await
    .unwrap();
    let answer = reqwest::get(server.url("/readyz")).await.unwrap();
    assert_eq!(answer.status(), 503);
    assert_eq!(answer.text().await.unwrap(), "not ready");
}

#[tokio::test]
async fn analyses_of_a_big_model_leave_the_server_answering() {
    let server = Server::start("hostile-analysis", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let token = access_token(&owner).await;
    let mut model = String::from("digraph {\n");
    for i in 0..60_000u32 {
        model.push_str(&format!("m{} -> m{};\n", i % 20_000, (i * 7_919) % 20_000));
    }
    model.push('}');
    let http = reqwest::Client::new();
    let put = http
        .put(server.url(&format!("/api/v1/projects/{project}/model")))
        .bearer_auth(&token)
        .header("content-type", "text/vnd.graphviz")
        .body(model)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let analyses = (0..4).map(|_| {
        http.get(server.url(&format!("/api/v1/projects/{project}/analysis")))
            .bearer_auth(&token)
            .send()
    });
    let health = async {
        // Asked while the analyses run.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = std::time::Instant::now();
        let status = http
            .get(server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status();
        (status, started.elapsed())
    };
    let (answers, (health, waited)) =
        tokio::join!(futures_util::future::join_all(analyses), health);
    assert_eq!(health, 200);
    let mut finished = Vec::new();
    for answer in answers {
        let answer = answer.unwrap();
        assert!(
            answer.status() == 200 || answer.status() == 503,
            "{}",
            answer.status()
        );
        finished.push(answer.status().as_u16());
    }
    assert!(finished.contains(&200), "{finished:?}");
    // On the async threads the probe waited for the analyses (seconds).
    assert!(
        waited < Duration::from_secs(1),
        "/healthz waited {waited:?}"
    );
}
