//! Errors as the pages see them: safe to show (no SQL, no internals), each with
//! an HTTP status and words in both languages.

use http::StatusCode;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use thiserror::Error;

use engine::text::Text;

use crate::i18n::Locale;

/// What went wrong, in terms a workshop participant can act on.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum AppError {
    /// Nobody is signed in.
    #[error("please sign in first")]
    Unauthenticated,
    /// The request's access token is malformed, unknown or revoked.
    #[error(
        "the access token is unknown or revoked; send a personal access token as Authorization: Bearer …"
    )]
    UnknownToken,
    /// Signed in, but this needs another role.
    #[error("you do not have permission to do this")]
    Forbidden,
    /// The thing is gone or never existed (or is not visible to this user);
    /// names it as a noun in both languages.
    #[error("{} was not found", .0.en)]
    NotFound(Text),
    /// Someone else changed the same thing meanwhile.
    #[error("{}", .0.en)]
    Conflict(Text),
    /// The request is invalid; the message says how, in both languages.
    #[error("{}", .0.en)]
    Invalid(Text),
    /// The request's content type is not one this route reads.
    #[error("{0}")]
    UnsupportedType(String),
    /// Too many failed attempts.
    #[error("too many failed attempts; try again in {minutes} minutes")]
    RateLimited {
        /// Minutes to wait.
        minutes: i64,
    },
    /// One person has more pages open live than the server keeps for them.
    #[error("too many pages are open live; close some tabs and reload")]
    TooManyStreams,
    /// The server has more heavy work queued than it takes; try again shortly.
    #[error("the server is busy; please try again in a moment")]
    Busy,
    /// The database cannot be reached (restarting, or the network to it is
    /// down): nothing was saved, and trying again shortly will work.
    #[error(
        "the database cannot be reached right now, so nothing was saved; please try again in a moment"
    )]
    DatabaseUnavailable,
    /// Something failed on the server; the details are in its log.
    #[error("something went wrong on the server; please try again")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("the server could not be reached ({0})")]
    Transport(String),
}

impl AppError {
    /// An invalid request, said in both languages.
    pub fn invalid(ko: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::Invalid(Text::new(ko, en))
    }

    /// A refusal whose reason only exists in English (a model the analysis
    /// cannot read): a Korean lead-in, then the reason.
    pub fn refused(reason: impl std::fmt::Display) -> AppError {
        let en = reason.to_string();
        AppError::Invalid(Text::new(format!("처리할 수 없습니다 — {en}"), en))
    }

    /// Something not found, named as a noun in both languages ("프로젝트", "the project").
    pub fn not_found(ko: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::NotFound(Text::new(ko, en))
    }

    /// The HTTP status that goes with the error.
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated | AppError::UnknownToken => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::RateLimited { .. } | AppError::TooManyStreams => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::Busy | AppError::DatabaseUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Transport(_) => StatusCode::BAD_GATEWAY,
        }
    }

    /// The message in the interface language. Import problems keep their
    /// English details (they quote the file) after a Korean lead-in.
    pub fn message(&self, locale: Locale) -> String {
        match (self, locale) {
            (AppError::Unauthenticated, Locale::Ko) => "먼저 로그인하세요.".into(),
            (AppError::UnknownToken, Locale::Ko) => {
                "액세스 토큰을 알 수 없거나 폐기되었습니다. Authorization: Bearer …로 개인 액세스 토큰을 보내세요.".into()
            }
            (AppError::Forbidden, Locale::Ko) => "이 작업을 할 권한이 없습니다.".into(),
            (AppError::NotFound(what), Locale::Ko) => {
                format!("{}{} 찾을 수 없습니다.", what.ko, object_particle(&what.ko))
            }
            (AppError::Invalid(text) | AppError::Conflict(text), Locale::Ko) => text.ko.clone(),
            (AppError::RateLimited { minutes }, Locale::Ko) => {
                format!("실패한 시도가 너무 많습니다. {minutes}분 후에 다시 시도하세요.")
            }
            (AppError::TooManyStreams, Locale::Ko) => {
                "실시간으로 열린 페이지가 너무 많습니다. 탭을 몇 개 닫고 새로 고치세요.".into()
            }
            (AppError::Busy, Locale::Ko) => "서버가 바쁩니다. 잠시 후 다시 시도하세요.".into(),
            (AppError::DatabaseUnavailable, Locale::Ko) => {
                "지금 데이터베이스에 연결할 수 없어 저장하지 못했습니다. 잠시 후 다시 시도하세요.".into()
            }
            (AppError::Internal, Locale::Ko) => {
                "서버에서 문제가 생겼습니다. 다시 시도하세요.".into()
            }
            (AppError::Transport(_), Locale::Ko) => {
                "서버에 연결할 수 없습니다. 연결을 확인하세요.".into()
            }
            (other, _) => sentence(other.to_string()),
        }
    }
}

impl From<engine::edit::EditError> for AppError {
    fn from(error: engine::edit::EditError) -> AppError {
        AppError::Invalid(error.text())
    }
}

impl From<engine::roadmap::RoadmapError> for AppError {
    fn from(error: engine::roadmap::RoadmapError) -> AppError {
        AppError::Invalid(error.text())
    }
}

impl From<engine::model::ValidationError> for AppError {
    fn from(error: engine::model::ValidationError) -> AppError {
        AppError::Invalid(error.text())
    }
}

impl From<engine::formats::ImportError> for AppError {
    fn from(error: engine::formats::ImportError) -> AppError {
        let en = error.to_string();
        AppError::Invalid(Text::new(format!("가져올 수 없습니다 — {en}"), en))
    }
}

/// 을 after a final consonant, 를 after a vowel (을(를) when the word does
/// not end in Hangul).
fn object_particle(noun: &str) -> &'static str {
    let last = noun
        .trim_end_matches(|c: char| c == ')' || c.is_whitespace())
        .chars()
        .rev()
        .find(|c| !c.is_ascii_punctuation());
    match last {
        Some(c @ '\u{AC00}'..='\u{D7A3}') if !(c as u32 - 0xAC00).is_multiple_of(28) => "을",
        Some('\u{AC00}'..='\u{D7A3}') => "를",
        _ => "을(를)",
    }
}

/// Starts a message with a capital letter when it starts with a word; one
/// that starts with a file name or an identifier (`calls.csv:3: …`) is left
/// as it is.
fn sentence(text: String) -> String {
    let first_word = text.split(' ').next().unwrap_or("");
    if !first_word.chars().all(char::is_alphabetic) {
        return text;
    }
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        AppError::Transport(error.to_string())
    }
}

/// Handlers outside the server functions (the automation API, the live
/// stream) answer errors as `{"error": "…", "error_ko": "…"}` with the
/// error's status.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let body = serde_json::json!({
            "error": self.message(Locale::En),
            "error_ko": self.message(Locale::Ko),
        });
        (self.status_code(), axum::Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_as_sentences_unless_they_start_with_a_name() {
        let invalid = |text: &str| AppError::invalid("", text).message(Locale::En);
        assert_eq!(invalid("the email is wrong"), "The email is wrong");
        assert_eq!(
            invalid("calls.csv:3: no such module"),
            "calls.csv:3: no such module"
        );
        assert_eq!(
            AppError::Busy.message(Locale::Ko),
            "서버가 바쁩니다. 잠시 후 다시 시도하세요."
        );
        assert_eq!(
            AppError::DatabaseUnavailable.message(Locale::En),
            "The database cannot be reached right now, so nothing was saved; please try again in a moment"
        );
        let not_found = |ko: &str| AppError::not_found(ko, "it").message(Locale::Ko);
        assert_eq!(not_found("프로젝트"), "프로젝트를 찾을 수 없습니다.");
        assert_eq!(not_found("분해안"), "분해안을 찾을 수 없습니다.");
        assert_eq!(
            not_found("진행 중인 투표"),
            "진행 중인 투표를 찾을 수 없습니다."
        );
        assert_eq!(
            AppError::not_found("프로젝트", "the project").message(Locale::En),
            "The project was not found"
        );
        let edit = engine::edit::EditError::Missing(Text::new("모듈 'a'", "module 'a'"));
        assert_eq!(
            AppError::from(edit).message(Locale::Ko),
            "없습니다: 모듈 'a' (그사이 삭제되었을 수 있습니다)"
        );
        assert_eq!(not_found("x.y"), "x.y을(를) 찾을 수 없습니다.");
    }
}
