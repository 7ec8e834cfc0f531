//! Sending an archive to `POST /api/scan` and reading its answer as it comes.
//! An `XMLHttpRequest` rather than `fetch`: only it tells how much of a large
//! upload has been sent, and it hands over a streamed answer as it grows.

#[cfg(any(feature = "hydrate", test))]
use crate::models::ScanEvent;

/// Where an upload is, as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nothing sent yet.
    Idle,
    /// Bytes sent of the archive's size.
    Sending {
        /// Bytes sent.
        sent: f64,
        /// The archive's size.
        size: f64,
    },
    /// All sent; the server is waiting for a free scanner or unpacking.
    Unpacking,
    /// The server is parsing: files done of all.
    Parsing {
        /// Files parsed.
        done: usize,
        /// Files to parse.
        total: usize,
    },
    /// Finished: the preview and the project's JSON are there.
    Done,
    /// Refused or failed: the message in both languages.
    Failed {
        /// In English.
        en: String,
        /// In Korean.
        ko: String,
    },
}

impl Phase {
    /// Whether an upload is under way.
    pub fn running(&self) -> bool {
        matches!(
            self,
            Phase::Sending { .. } | Phase::Unpacking | Phase::Parsing { .. }
        )
    }
}

/// Reads the server-sent events in `text` from byte `from` on: the events of
/// every complete block, and where the next read starts.
#[cfg(any(feature = "hydrate", test))]
pub fn read_events(text: &str, from: usize) -> (Vec<ScanEvent>, usize) {
    let mut events = Vec::new();
    let mut at = from.min(text.len());
    while let Some(end) = text[at..].find("\n\n") {
        let block = &text[at..at + end];
        let data: String = block
            .lines()
            .filter_map(|line| line.strip_prefix("data:"))
            .map(|data| data.strip_prefix(' ').unwrap_or(data))
            .collect::<Vec<_>>()
            .join("\n");
        if let Ok(event) = serde_json::from_str::<ScanEvent>(&data) {
            events.push(event);
        }
        at += end + 2;
    }
    (events, at)
}

/// The message of a refused upload: the server's JSON error, or its words.
#[cfg(any(feature = "hydrate", test))]
pub fn refusal(status: u16, body: &str) -> Phase {
    #[derive(serde::Deserialize)]
    struct Refused {
        error: String,
        error_ko: String,
    }
    if let Ok(refused) = serde_json::from_str::<Refused>(body) {
        return Phase::Failed {
            en: refused.error,
            ko: refused.error_ko,
        };
    }
    let en = match (status, body.trim()) {
        (0, _) => "The server could not be reached. Check the connection.".to_string(),
        (_, "") => format!("The server answered {status}."),
        (_, said) => said.chars().take(300).collect(),
    };
    let ko = match status {
        0 => "서버에 연결할 수 없습니다. 연결을 확인하세요.".to_string(),
        413 => format!("압축 파일이 너무 큽니다. {en}"),
        _ => format!("업로드가 거절되었습니다. {en}"),
    };
    Phase::Failed { en, ko }
}

#[cfg(feature = "hydrate")]
pub use browser::Upload;

#[cfg(feature = "hydrate")]
mod browser {
    use js_sys::JsString;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{ProgressEvent, XmlHttpRequest};

    use super::{Phase, read_events, refusal};
    use crate::models::{ScanEvent, ScanPreview};

    /// One upload in flight. Dropping it (a new upload, the page left) stops
    /// listening and stops the upload; the server stops its scan then.
    pub struct Upload {
        request: XmlHttpRequest,
        _listeners: Vec<Closure<dyn FnMut(ProgressEvent)>>,
    }

    impl Drop for Upload {
        fn drop(&mut self) {
            self.request.set_onprogress(None);
            self.request.set_onloadend(None);
            if let Ok(upload) = self.request.upload() {
                upload.set_onprogress(None);
            }
            let _ = self.request.abort();
        }
    }

    /// The answer read so far: what came since the last read is taken from
    /// the browser's text (never the whole of it again), complete events are
    /// read from the front.
    #[derive(Default)]
    struct Answer {
        /// UTF-16 units of the response already taken.
        taken: u32,
        /// Text taken but not yet read as whole events.
        pending: String,
    }

    impl Answer {
        fn take(&mut self, request: &XmlHttpRequest) -> Vec<ScanEvent> {
            let Some(whole) = request
                .response()
                .ok()
                .and_then(|v| v.dyn_into::<JsString>().ok())
            else {
                return Vec::new();
            };
            let mut end = whole.length();
            // Never cut a character in two: a high surrogate waits for its pair.
            let last = whole.char_code_at(end.saturating_sub(1)) as u32;
            if end > self.taken && (0xD800..=0xDBFF).contains(&last) {
                end -= 1;
            }
            if end > self.taken {
                self.pending
                    .push_str(&String::from(whole.slice(self.taken, end)));
                self.taken = end;
            }
            let (events, used) = read_events(&self.pending, 0);
            self.pending.drain(..used);
            events
        }
    }

    impl Upload {
        /// Sends `file` to be scanned as project `name` at module `level`;
        /// `phase` follows it, `result` gets the preview and the project.
        pub fn start(
            file: web_sys::File,
            name: &str,
            level: &str,
            phase: RwSignal<Phase>,
            result: RwSignal<Option<(ScanPreview, String)>>,
        ) -> Result<Upload, wasm_bindgen::JsValue> {
            let request = XmlHttpRequest::new()?;
            let url = format!(
                "/api/scan?name={}&level={}",
                js_sys::encode_uri_component(name),
                js_sys::encode_uri_component(level)
            );
            request.open_with_async("POST", &url, true)?;
            request.set_request_header("content-type", "application/octet-stream")?;
            let size = file.size();
            let sending = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
                let sent = event.loaded();
                phase.set(if sent >= size {
                    Phase::Unpacking
                } else {
                    Phase::Sending { sent, size }
                });
            });
            request
                .upload()?
                .set_onprogress(Some(sending.as_ref().unchecked_ref()));
            let answer = StoredValue::new_local(Answer::default());
            let from = request.clone();
            let read = move |finished: bool| {
                let status = from.status().unwrap_or(0);
                if status != 200 {
                    if finished {
                        let text = from.response_text().ok().flatten().unwrap_or_default();
                        phase.set(refusal(status, &text));
                    }
                    return;
                }
                for event in answer
                    .try_update_value(|a| a.take(&from))
                    .unwrap_or_default()
                {
                    match event {
                        ScanEvent::Parsing { done, total } => {
                            phase.set(Phase::Parsing { done, total })
                        }
                        ScanEvent::Done { preview, project } => {
                            result.set(Some((preview, project)));
                            phase.set(Phase::Done);
                        }
                        ScanEvent::Failed { en, ko } => phase.set(Phase::Failed { en, ko }),
                    }
                }
                if finished && phase.get_untracked().running() {
                    phase.set(Phase::Failed {
                        en: "The server's answer ended before the preview. Try again.".into(),
                        ko: "미리 보기가 오기 전에 서버의 응답이 끊겼습니다. 다시 시도하세요."
                            .into(),
                    });
                }
            };
            let read_more = read.clone();
            let receiving =
                Closure::<dyn FnMut(ProgressEvent)>::new(move |_: ProgressEvent| read_more(false));
            request.set_onprogress(Some(receiving.as_ref().unchecked_ref()));
            let ended =
                Closure::<dyn FnMut(ProgressEvent)>::new(move |_: ProgressEvent| read(true));
            request.set_onloadend(Some(ended.as_ref().unchecked_ref()));
            phase.set(Phase::Sending { sent: 0.0, size });
            request.send_with_opt_blob(Some(&file))?;
            Ok(Upload {
                request,
                _listeners: vec![sending, receiving, ended],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read_block_by_block_as_the_answer_grows() {
        let first =
            "data: {\"event\":\"parsing\",\"done\":1,\"total\":4}\n\ndata: {\"event\":\"pars";
        let (events, next) = read_events(first, 0);
        assert_eq!(events, [ScanEvent::Parsing { done: 1, total: 4 }]);
        let grown = format!("{first}ing\",\"done\":4,\"total\":4}}\n\n");
        let (events, end) = read_events(&grown, next);
        assert_eq!(events, [ScanEvent::Parsing { done: 4, total: 4 }]);
        assert_eq!(end, grown.len());
        assert_eq!(read_events(&grown, end).0, []);
    }

    #[test]
    fn refusals_keep_the_servers_words_in_both_languages() {
        let json = "{\"error\":\"The archive is 2 GiB\",\"error_ko\":\"너무 큽니다\"}";
        assert_eq!(
            refusal(422, json),
            Phase::Failed {
                en: "The archive is 2 GiB".into(),
                ko: "너무 큽니다".into()
            }
        );
        let Phase::Failed { en, ko } =
            refusal(413, "The request is 200 MiB; the limit is 128 MiB.")
        else {
            panic!("not a failure");
        };
        assert!(
            en.contains("200 MiB") && ko.contains("너무 큽니다"),
            "{en} / {ko}"
        );
        assert!(matches!(refusal(0, ""), Phase::Failed { .. }));
    }
}
