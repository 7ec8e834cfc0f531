use leptos::prelude::*;

use crate::i18n::tr;

/// The landing page: what Seams does, in two sentences.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="hero">
            <h1 data-testid="home-title">
                {tr("모놀리스를 어디서 나눌지, 숫자로 정하세요", "Decide where to split your monolith, with numbers")}
            </h1>
            <p class="lede">
                {tr(
                    "Seams는 팀이 모놀리스의 모듈과 호출 관계를 함께 모델링하고, 비즈니스 능력별·서브도메인별·알고리즘 제안 분해안을 결합도와 응집도, 서비스 간 호출 지표로 나란히 비교하는 워크숍 도구입니다.",
                    "Seams is a workshop tool where a team models a monolith's modules and calls together and compares splits by business capability, by subdomain or suggested by an algorithm, side by side on coupling, cohesion and cross-service call metrics.",
                )}
            </p>
            <p class="lede">
                {tr(
                    "분해하기 전에 조직이 준비되었는지도 점검하고, 결과를 보고서로 내보냅니다.",
                    "It also checks whether the organisation is ready to split at all, and exports the result as a report.",
                )}
            </p>
        </section>
    }
}
