"""Korean strings of the app's frame, sidebar and Signals tab (merged into ``TEXTS["ko"]``).

Technical names (ReLU, Xavier, He, RBM, DBN, NaN) stay in Latin letters, as Korean course
notes write them.
"""

KO = {
    "page_title": "초기화 탐색기",
    "app_title": "초기화 탐색기",
    "app_subtitle": "깊은 신경망이 왜 학습하지 못하는지, 그리고 초기화가 그것을 어떻게 해결하는지",
    "app_caption": (
        "사이드바에서 신경망과 초기화 방법을 고르세요. 모든 차트는 초기화 직후의 순전파와 "
        "역전파 한 번으로 바로 계산됩니다."
    ),
    "tab_lesson": "강의",
    "tab_signals": "신호",
    "tab_training": "학습",
    "tab_rbm": "RBM",
    "tab_dbn": "DBN",
    "sb_data": "입력 데이터",
    "sb_data_help": "신경망에 통과시킬 배치입니다.",
    "data_digits": "손글씨 숫자 (8×8, 1797장)",
    "data_gaussian": "가우시안 잡음 randn(n, d) (CS231n)",
    "data_bars_stripes": "막대와 줄무늬 (4×4 이진)",
    "sb_input_dim": "입력 차원 d",
    "sb_gaussian_note": "레이블이 무작위입니다: 학습용이 아니라 신호를 관찰하기 위한 입력입니다.",
    "sb_layers_header": "은닉층",
    "sb_depth": "깊이 (은닉층 수)",
    "sb_width": "너비 (층당 유닛 수)",
    "sb_layers_text": "너비 (쉼표로 구분)",
    "sb_layers_help": (
        "은닉층마다 숫자 하나, 예: 256, 128, 128. 위의 슬라이더가 이 칸을 채웁니다. "
        "층마다 너비를 다르게 하려면 직접 고치세요."
    ),
    "sb_activation": "활성화 함수",
    "sb_init": "초기화 방법",
    "sb_seed": "시드",
    "sb_batch": "배치 크기",
    "sb_dtype": "정밀도",
    "sb_display": "표시",
    "sb_bins": "히스토그램 구간 수",
    "sb_shared": "모든 층에 같은 x 범위",
    "sb_nozero": "정확히 0인 값 빼기",
    "sb_nozero_help": (
        "ReLU 층은 값의 절반 정도가 정확히 0이라 나머지 히스토그램이 납작해집니다. "
        "표에는 그대로 집계됩니다."
    ),
    "hist_zeros_note": "히스토그램에서 뺀 0: 활성값의 {pct:.0%}, 기울기의 {pct_g:.0%}.",
    "col_layer": "층",
    "col_kind": "종류",
    "col_units": "유닛",
    "col_act_mean": "a 평균",
    "col_act_std": "a 표준편차",
    "col_z_std": "z 표준편차",
    "col_saturated_frac": "포화",
    "col_dead_frac": "죽은 유닛",
    "col_grad_norm": "‖∂L/∂z‖",
    "col_grad_rms": "∂L/∂z RMS",
    "col_dW_norm": "‖∂L/∂W‖",
    "col_grad_zero_frac": "0인 기울기",
    "col_n_nan": "NaN",
    "col_n_inf": "inf",
    "col_run": "초기화",
    "sb_presets": "프리셋",
    "sb_presets_caption": "논문과 강의의 설정을 불러옵니다. 비교 화면이 열립니다.",
    "url_ignored": "이 링크의 일부 값은 쓸 수 없어 기본값으로 바꿨습니다:\n{lines}",
    "url_dismiss": "닫기",
    "sb_present": "발표",
    "sb_present_help": "강의실 뒤에서도 읽히도록 큰 글씨와 굵은 선을 씁니다.",
    "sb_share": "이 화면 공유하기",
    "sb_share_caption": "이 링크를 여는 사람은 모두 같은 설정을 봅니다.",
    "sb_invalid": "이 값을 고칠 때까지 마지막으로 올바른 설정을 보여 줍니다.",
    "mode": "보기",
    "mode_single": "초기화 하나",
    "mode_compare": "초기화 비교",
    "compare_pick": "비교할 초기화 방법 (2–5개)",
    "compare_need_two": "비교하려면 초기화 방법을 두 개 이상 (다섯 개 이하) 고르세요.",
    "net_caption": "신경망 {sizes} · {activation} · {init} · 배치 {batch} · 시드 {seed}",
    "loss_metric": "초기 손실",
    "loss_help": "소프트맥스 교차 엔트로피. 고르게 찍는 신경망은 ln({k}) = {ref:.2f}입니다.",
    "overflow": (
        "{layer}층에서 넘침 ({phase}): 무한대 {n_inf:,}개, NaN {n_nan:,}개. 히스토그램에서는 "
        "빼고 표에는 집계했습니다."
    ),
    "phase_forward": "순전파",
    "phase_backward": "역전파",
    "profile_title": "층별 신호 크기 (로그 눈금)",
    "profile_caption": (
        "실선: 측정값. 점선: 분산 점화식({method})의 예측으로, 측정한 입력과 출력층 기울기에서 "
        "시작합니다. 점화식은 가중치를 여러 번 뽑은 평균을 말합니다: 깊은 ReLU 신경망 하나는 "
        "30% 이상 벗어날 수 있습니다."
    ),
    "zero_layers": "정확히 0 (로그 눈금에 그릴 수 없음): {layers}층의 {what}.",
    "hist_a_title": "은닉층별 활성값",
    "hist_g_title": "은닉층별 역전파 기울기 ∂L/∂z",
    "hist_caption": "칸 하나가 층 하나입니다. 막대는 각 구간에 든 값의 비율입니다.",
    "table_title": "층별 통계",
    "formula_title": "초기화 방법",
    "activation_formula": "활성화 함수",
    "reference": "출처",
    "compare_layers_note": "전체 {n}개 층 중 {layers}층을 보여 줍니다.",
    "preset_source": "출처",
    "preset_expected": "출처가 보고한 결과",
    "error_title": "이 설정은 계산할 수 없습니다",
    # error messages (explorer.config.ConfigError keys); English comes from the engine
    "err_layers_empty": "은닉층이 없습니다. 은닉층 너비를 쉼표로 구분한 정수로 입력하세요. 예: 256, 128, 128 (1–50개 층, 층마다 1–2048 유닛).",
    "err_layers_long": "층 입력이 너무 깁니다. 은닉층 너비를 쉼표로 구분한 정수로 입력하세요. 예: 256, 128, 128 (1–50개 층, 층마다 1–2048 유닛).",
    "err_layers_gap": "{i}번째 항목이 비어 있습니다 (쉼표가 두 번?). 은닉층 너비를 쉼표로 구분한 정수로 입력하세요. 예: 256, 128, 128 (1–50개 층, 층마다 1–2048 유닛).",
    "err_layers_nan": "'{part}'은(는) 정수가 아닙니다. 은닉층 너비를 쉼표로 구분한 정수로 입력하세요. 예: 256, 128, 128 (1–50개 층, 층마다 1–2048 유닛).",
    "err_layers_range": "너비 {w}은(는) 범위를 벗어납니다. 은닉층 너비를 쉼표로 구분한 정수로 입력하세요. 예: 256, 128, 128 (1–50개 층, 층마다 1–2048 유닛).",
    "err_layers_many": "은닉층 {n}개는 너무 많습니다. 은닉층 너비를 쉼표로 구분한 정수로 입력하세요. 예: 256, 128, 128 (1–50개 층, 층마다 1–2048 유닛).",
    "err_memory": (
        "이 신경망은 모든 층을 기록하는 데 약 {mb:,.0f} MB가 필요합니다 (배치 {batch} × "
        "{units:,} 유닛, {dtype}). 한도는 {limit} MB입니다. 층을 줄이거나 좁히고, 배치를 "
        "줄이거나, float32를 쓰세요."
    ),
}

#: Words inside charts (axis and legend titles, legend entries, panel headers), translated
#: by explorer.charts.translate_spec. Keys are the English strings the chart builders use.
CHART_WORDS_KO = {
    "layer": "층",
    "fraction": "비율",
    "value": "값",
    "initialization": "초기화",
    "measured": "측정",
    "theory": "이론",
    "activation std": "활성값 표준편차",
    "gradient norm": "기울기 노름",
    "activation std (log scale)": "활성값 표준편차 (로그 눈금)",
    "gradient norm ||dz|| (log scale)": "기울기 노름 ||dz|| (로그 눈금)",
    "nothing to plot": "그릴 값이 없습니다",
    "nothing to plot: every value is zero or not finite": "그릴 값이 없습니다: 모두 0이거나 유한하지 않습니다",
    "no finite values to show": "보여 줄 유한한 값이 없습니다",
}
