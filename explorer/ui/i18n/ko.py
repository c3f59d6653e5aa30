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
    "sb_train_presets_caption": "논문의 학습 실험: 학습 탭이 열립니다. 거기서 학습을 누르세요.",
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
    # the Signals presets' panel (explorer.services.presets.Preset.claims, checked live)
    "sp_title": "프리셋: {title}",
    "sp_live": "실시간 결과 (시드 {seed})",
    "sp_col_run": "초기화",
    "sp_col_claim": "항목",
    "sp_col_source": "출처",
    "sp_col_accepted": "허용 범위",
    "sp_col_live": "실측",
    "sp_col_verdict": "판정",
    "sp_ok": "✓ 일치",
    "sp_bad": "✗ 불일치",
    "sp_m_act_std": "{layer}층 활성값 표준편차",
    "sp_m_std_min": "1–{last}층 활성값 표준편차의 최솟값",
    "sp_m_std_max": "1–{last}층 활성값 표준편차의 최댓값",
    "sp_m_saturated_min": "가장 덜 포화된 층의 |a| > 0.99 비율",
    "sp_m_ea2_ratio": "E[a²]: {last}층 / 1층",
    "sp_m_grad_ratio": "‖∂L/∂z‖: 1층 / {last}층",
    "sp_m_grad_step_max": "‖∂L/∂z‖의 층간 비(이 층 / 다음 층) 중 최댓값",
    "sp_m_grad_max": "은닉층 ‖∂L/∂z‖의 최댓값",
    "sp_m_act_std_max": "은닉층 활성값 표준편차의 최댓값 (0: 모든 유닛이 같음)",
    "sp_src_saturated_min": "거의 전부",
    "sp_acc_exactly": "정확히 {value}",
    "sp_acc_atleast": "{low} 이상",
    "sp_acc_atmost": "{high} 이하",
    "sp_acc_between": "{low} ~ {high}",
    "sp_match": "이 시드에서 **출처와 일치합니다**: 모든 항목이 성립합니다.",
    "sp_nomatch": "이 시드에서 **출처와 일치하지 않습니다**: {total}개 항목 중 {n}개가 어긋납니다.",
    "sp_changed": (
        "설정이 프리셋과 달라져서 출처의 결과와 더 이상 비교할 수 없습니다. 비교하려면 "
        "“{presets}”에서 다시 불러오세요."
    ),
    "sp_rule_cs231n": (
        "허용 범위를 정한 근거: 표준편차는 출판된 값(유효숫자 두 자리)의 ±10 % 안이면 "
        "일치로 봅니다. 시드에 따른 차이는 1 % 미만입니다. 층마다 ∂L/∂z가 √500 · 0.01 ≈ 0.22배가 "
        "되므로 1층의 기울기는 10층의 0.22⁹배이고, ×/÷ 2 안이면 일치입니다. std 1이면 z의 "
        "표준편차가 √500 ≈ 22라서 값의 약 91 %가 |a| > 0.99를 넘습니다. “거의 모든 유닛”은 "
        "80 % 이상으로 읽습니다. “약 0.6과 0.2 사이”는 ±15 %로 읽습니다."
    ),
    "sp_rule_glorot": (
        "허용 범위를 정한 근거: 표준 초기화는 n · Var[W] = 1/3이라 ‖∂L/∂z‖가 층마다 √(1/3)배로 "
        "줄어, 4개 층이면 (1/3)² ≈ 0.11배가 됩니다. ×/÷ 2 안이고 모든 층에서 줄어들면 "
        "일치입니다. 정규화 초기화는 n · Var[W] = 1이며, “거의 같다”는 ×/÷ 1.5 안으로 읽습니다."
    ),
    "sp_rule_relu10": (
        "허용 범위를 정한 근거: 기댓값으로 보면 E[a²]는 Xavier에서 층마다 ½배, He에서 1배가 "
        "됩니다. 너비 256인 신경망 하나는 여기서 층마다 로그 표준편차 약 √(5/256) ≈ 0.14만큼 "
        "벗어나므로, 9개 층에 걸쳐 그 3배인 ×/÷ 3.5까지 허용합니다."
    ),
    "sp_rule_relu30": (
        "허용 범위를 정한 근거: 기댓값으로 보면 E[a²]와 기울기의 제곱은 Xavier에서 층마다 ½배, "
        "He에서 1배가 됩니다. 너비 256인 신경망 하나는 여기서 층마다 로그 표준편차 약 "
        "√(5/256) ≈ 0.14만큼 벗어나므로, 29개 층에 걸쳐 그 3배를 허용합니다: E[a²]는 ×/÷ 9.6, "
        "기울기 노름은 (제곱근이므로) ×/÷ 3.1."
    ),
    "sp_rule_lecture": (
        "허용 범위를 정한 근거: 0 초기화는 정확히 0이어야 합니다. E[a²]는 두 Xavier 모두에서 "
        "ReLU 층마다 ½배(2층부터는 둘 다 Var[W] = 1/256), He에서 1배가 됩니다. 너비 256인 "
        "신경망 하나가 9개 층에 걸쳐 벗어나는 로그 표준편차(층마다 √(5/256) ≈ 0.14)의 3배인 "
        "×/÷ 3.5까지 허용합니다."
    ),
    "error_title": "이 설정은 계산할 수 없습니다",
    # error messages (explorer.engine.checks.ConfigError keys); English comes from the engine
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
    # error messages of the Training, RBM and DBN tabs (explorer.services.training.MESSAGES,
    # explorer.services.rbm_runs.MESSAGES); the settings they name are field_<key>
    "err_tr_inits_count": "학습할 초기화 방법을 1–{most}개 고르세요. 지금 {n}개를 골랐습니다.",
    "err_tr_inits_twice": "초기화 방법은 한 번씩만 고를 수 있습니다.",
    "err_tr_choice": "{field}은(는) {choices} 중 하나여야 합니다. 받은 값: {got!r}",
    "err_tr_init_type": "초기화 방법은 문자열이어야 합니다. 받은 값: {got!r}",
    "err_tr_hidden": "은닉층은 1–{layers}개, 층마다 1–{width} 유닛이어야 합니다. 받은 값: {got!r}",
    "err_tr_int": "{field}은(는) {lo}부터 {hi}까지의 정수여야 합니다. 받은 값: {got!r}",
    "err_tr_float": "{field}은(는) 0보다 크고 {hi:g} 이하인 수여야 합니다. 받은 값: {got!r}",
    "err_tr_params": (
        "이 신경망의 가중치와 편향은 {n:,}개입니다. 학습은 {most:,}개까지 허용됩니다. 은닉층을 "
        "줄이거나 좁히세요(예: 100 × 4층은 {example:,}개)."
    ),
    "err_tr_memory": (
        "이 신경망을 학습하려면 약 {mb:,.0f} MB가 필요합니다. 한도는 {limit} MB입니다. 층을 "
        "좁히거나 배치를 줄이세요."
    ),
    "err_tr_work_epochs": "이 실행은 약 {seconds:,.0f}초 걸립니다(매개변수 {n:,}개 × {rows:,}행 × {epochs} epoch). 한 번의 실행은 약 {limit:.0f}초까지 허용됩니다. 이 신경망은 {most} epoch 이하로 학습하거나, 층을 줄이거나 좁히세요.",
    "err_tr_work_pretrain": "이 실행은 약 {seconds:,.0f}초 걸립니다(매개변수 {n:,}개 × {rows:,}행 × {epochs} epoch). 한 번의 실행은 약 {limit:.0f}초까지 허용됩니다. DBN 사전 학습 epoch을 줄이거나, 층을 줄이거나 좁히세요.",
    "err_tr_work_layers": "이 실행은 약 {seconds:,.0f}초 걸립니다(매개변수 {n:,}개 × {rows:,}행 × {epochs} epoch). 한 번의 실행은 약 {limit:.0f}초까지 허용됩니다. 층을 줄이거나 좁히세요.",
    "err_rbm_int": "{field}은(는) {lo}–{hi} 범위의 정수여야 합니다. 받은 값: {got!r}.",
    "err_rbm_float_open": "{field}은(는) ({lo:g}, {hi:g}] 범위여야 합니다. 받은 값: {got!r}.",
    "err_rbm_float_closed": "{field}은(는) [{lo:g}, {hi:g}] 범위여야 합니다. 받은 값: {got!r}.",
    "err_rbm_seed": "시드는 0 이상의 정수여야 합니다. 받은 값: {got!r}.",
    "err_rbm_data": "데이터셋은 {choices} 중 하나여야 합니다. 받은 값: {got!r}.",
    "err_rbm_optimizer": "옵티마이저는 {choices} 중 하나여야 합니다. 받은 값: {got!r}.",
    "err_rbm_too_slow": "이 실행은 약 {seconds:.0f}초 걸립니다. 한도는 {limit}초입니다(작은 서버에서도 바로 반응하도록). epoch이나 은닉 유닛을 줄이거나, 배치를 키우세요.",
    "err_dbn_too_slow": "이 실행은 약 {seconds:.0f}초 걸립니다. 한도는 {limit}초입니다(작은 서버에서도 바로 반응하도록). epoch, 층 또는 유닛을 줄이세요.",
    "err_dbn_layers_empty": "은닉층이 없습니다. 은닉층 크기를 쉼표로 구분한 정수로 입력하세요. 예: 100, 100, 100, 100 (1–{most_layers}개 층, 층마다 1–{most_units} 유닛. 이 한도 안에서 한 번의 실행은 약 2분 이내, 배열은 250 MB 미만으로 앱의 600 MB 한도보다 훨씬 작습니다).",
    "err_dbn_layers_long": "층 입력이 너무 깁니다. 은닉층 크기를 쉼표로 구분한 정수로 입력하세요. 예: 100, 100, 100, 100 (1–{most_layers}개 층, 층마다 1–{most_units} 유닛. 이 한도 안에서 한 번의 실행은 약 2분 이내, 배열은 250 MB 미만으로 앱의 600 MB 한도보다 훨씬 작습니다).",
    "err_dbn_layers_gap": "빈 항목이 있습니다(쉼표가 두 번?). 은닉층 크기를 쉼표로 구분한 정수로 입력하세요. 예: 100, 100, 100, 100 (1–{most_layers}개 층, 층마다 1–{most_units} 유닛. 이 한도 안에서 한 번의 실행은 약 2분 이내, 배열은 250 MB 미만으로 앱의 600 MB 한도보다 훨씬 작습니다).",
    "err_dbn_layers_nan": "'{part}'은(는) 정수가 아닙니다. 은닉층 크기를 쉼표로 구분한 정수로 입력하세요. 예: 100, 100, 100, 100 (1–{most_layers}개 층, 층마다 1–{most_units} 유닛. 이 한도 안에서 한 번의 실행은 약 2분 이내, 배열은 250 MB 미만으로 앱의 600 MB 한도보다 훨씬 작습니다).",
    "err_dbn_layers_many": "은닉층 {n}개는 너무 많습니다. 은닉층 크기를 쉼표로 구분한 정수로 입력하세요. 예: 100, 100, 100, 100 (1–{most_layers}개 층, 층마다 1–{most_units} 유닛. 이 한도 안에서 한 번의 실행은 약 2분 이내, 배열은 250 MB 미만으로 앱의 600 MB 한도보다 훨씬 작습니다).",
    "err_dbn_layers_range": "{got!r} 유닛인 층은 범위를 벗어납니다. 은닉층 크기를 쉼표로 구분한 정수로 입력하세요. 예: 100, 100, 100, 100 (1–{most_layers}개 층, 층마다 1–{most_units} 유닛. 이 한도 안에서 한 번의 실행은 약 2분 이내, 배열은 250 MB 미만으로 앱의 600 MB 한도보다 훨씬 작습니다).",
    "field_tr_data": "데이터",
    "field_tr_activation": "활성화 함수",
    "field_tr_optimizer": "옵티마이저",
    "field_tr_seed": "시드",
    "field_tr_epochs": "epoch 수",
    "field_tr_lr": "학습률",
    "field_tr_batch": "배치 크기",
    "field_tr_dbn_epochs": "DBN 사전 학습 epoch 수",
    "field_tr_dbn_lr": "DBN 학습률",
    "field_tr_dbn_batch": "DBN 배치 크기",
    "field_rbm_bars_size": "이미지 크기",
    "field_rbm_n_hidden": "은닉 유닛 수",
    "field_rbm_epochs": "epoch 수",
    "field_rbm_lr": "학습률",
    "field_rbm_batch_size": "배치 크기",
    "field_rbm_k": "CD 단계 수 k",
    "field_rbm_weight_decay": "가중치 감쇠",
    "field_dbn_pre_epochs": "사전 학습 epoch 수",
    "field_dbn_pre_lr": "RBM 학습률",
    "field_dbn_pre_batch": "RBM 배치 크기",
    "field_dbn_k": "CD 단계 수 k",
    "field_dbn_ft_epochs": "미세 조정 epoch 수",
    "field_dbn_ft_lr": "미세 조정 학습률",
    "field_dbn_ft_batch": "미세 조정 배치 크기",
    # the Signals presets (explorer.services.presets.PRESETS)
    "preset_cs231n_title": "CS231n: tanh 500 유닛 × 10층, std 0.01 / 1.0 / Xavier",
    "preset_cs231n_source": "Karpathy, CS231n (2016), 5강: 입력 randn(1000, 500), 500 유닛 tanh 10층.",
    "preset_cs231n_expected": (
        "std 0.01: 층별 표준편차가 0.21, 0.048, 0.011, 0.0024 … 로 0을 향해 무너지고, 기울기도 "
        "마찬가지입니다. std 1.0: 거의 모든 유닛이 ±1에서 포화되어 국소 기울기가 사라집니다. "
        "Xavier (/√fan_in): 10개 층 내내 표준편차가 약 0.6과 0.2 사이에 머뭅니다."
    ),
    "preset_glorot_title": "Glorot & Bengio: 층별 기울기, 표준 초기화 vs 정규화 초기화",
    "preset_glorot_source": "Glorot & Bengio (2010), 그림 7: 5층 tanh 신경망의 역전파 기울기.",
    "preset_glorot_expected": (
        "표준 초기화 U(±1/√n): 역전파 기울기의 퍼짐이 입력 쪽으로 갈수록 층마다 줄어듭니다. "
        "논문의 분석으로는 층마다 √(1/3)배입니다. 정규화 초기화 (Xavier, ±√(6/(in+out))): "
        "모든 층에서 거의 같게 유지됩니다."
    ),
    "preset_relu10_title": "ReLU 10층: Xavier vs He",
    "preset_relu10_source": "He 등 (2015), 2.2절: ReLU의 분산 점화식.",
    "preset_relu10_expected": (
        "Xavier (2/(in+out))는 ReLU 층마다 E[a²]를 절반으로 줄입니다. 10층의 E[a²]는 1층의 "
        "2⁻⁹ ≈ 0.002배가 됩니다. He (2/fan_in)는 일정하게 유지합니다."
    ),
    "preset_relu30_title": "ReLU 30층: Xavier vs He",
    "preset_relu30_source": "He 등 (2015), 그림 3: 30층 ReLU 신경망은 Xavier로는 멈추고 He로는 학습됩니다.",
    "preset_relu30_expected": (
        "Xavier로는 1층에서 30층까지 E[a²]가 2⁻²⁹ ≈ 2e-9배로 줄어들고, 1층에 닿는 기울기는 "
        "30층의 2⁻¹⁴·⁵ ≈ 4e-5배가 됩니다. He로는 둘 다 일정하게 유지되어 기울기가 첫 층까지 "
        "닿습니다."
    ),
    "preset_lecture_title": "강의: 0 vs Xavier vs He",
    "preset_lecture_source": (
        "김성훈 강의 10-2 (모두를 위한 딥러닝): 0, 다음으로 Xavier (randn/√fan_in), 다음으로 He (randn/√(fan_in/2))."
    ),
    "preset_lecture_expected": (
        "0: 모든 은닉 유닛이 같은 값을 계산하고(ReLU면 0) 모든 은닉층 기울기가 정확히 0이라 "
        "아무것도 학습되지 않습니다. 노트의 Xavier (LeCun, randn/√fan_in)와 논문의 Xavier는 "
        "ReLU 층마다 E[a²]를 절반으로 줄이고(10개 층이면 2⁻⁹), He는 일정하게 유지합니다."
    ),
    # RBM tab
    "rbm_intro": (
        "**제한된 볼츠만 머신**(restricted Boltzmann machine, RBM; Hinton 2006)은 두 층과 "
        "가중치 행렬 W 하나로 이루어집니다. 올라갈 때는 이미지 v가 은닉 유닛 h를 켜고"
        "(*인코딩*: p(h | v) = sigmoid(b_h + vW)), 내려올 때는 **같은** 가중치가 h에서 "
        "이미지를 다시 만듭니다(*디코딩*: p(v | h) = sigmoid(b_v + hWᵀ)). 학습(대조 발산, "
        "contrastive divergence)은 다시 만든 이미지가 입력과 같아질 때까지 W를 조정합니다. "
        "레이블은 쓰지 않습니다."
    ),
    "rbm_data": "데이터",
    "rbm_data_help": (
        "데이터셋을 고르면 그 데이터에서 몇 초 안에 학습되는 설정을 불러옵니다. MNIST는 "
        "처음 한 번만 내려받으며(11 MB), 앞의 6,000장을 씁니다."
    ),
    "rbm_bars": "이미지 크기 (막대와 줄무늬)",
    "rbm_bars_help": "정사각형 이진 이미지의 한 변 길이, 2–8.",
    "rbm_hidden": "은닉 유닛 수",
    "rbm_hidden_help": "1–1000. 은닉 유닛 하나가 필터 하나(W의 열 하나)를 학습합니다.",
    "rbm_epochs": "epoch 수",
    "rbm_epochs_help": "학습 이미지 전체를 몇 번 훑을지, 1–200.",
    "rbm_lr": "학습률",
    "rbm_lr_help": "(0, 1] 범위. Hinton의 가이드에 따르면 이 데이터에는 0.01–0.1 정도가 알맞습니다.",
    "rbm_batch": "배치 크기",
    "rbm_batch_help": "가중치를 한 번 업데이트할 때 쓰는 이미지 수, 1–1000.",
    "rbm_cd": "학습 방법",
    "rbm_cd_cd": "CD-k",
    "rbm_cd_pcd": "지속형 CD (PCD)",
    "rbm_cd_help": (
        "CD-k는 음의 단계(negative phase)를 매번 데이터에서 시작해 Gibbs 단계를 k번 "
        "실행합니다. 지속형 CD(PCD, Tieleman 2008)는 체인을 끊지 않고 다음 배치로 이어서 "
        "실행합니다."
    ),
    "rbm_k": "Gibbs 단계 수 k",
    "rbm_k_help": "업데이트 한 번당 Gibbs 단계 수, 1–25.",
    "rbm_wd": "가중치 감쇠",
    "rbm_wd_help": "W에 거는 L2 벌점, 0–0.01 (가이드는 0.0001–0.001을 권합니다).",
    "rbm_error_title": "이 설정으로는 학습할 수 없습니다",
    "rbm_train": "학습",
    "rbm_stop": "중지",
    "rbm_stop_help": "학습을 멈추고 지금까지 학습한 결과를 그대로 둡니다.",
    "rbm_press_train": "**학습**을 누르면 이 설정으로 RBM을 학습합니다.",
    "rbm_progress_start": "학습 중: epoch 0 / {epochs}",
    "rbm_progress": "학습 중: epoch {epoch} / {epochs} ({seconds:.1f}초)",
    "rbm_mnist_unavailable": "MNIST를 쓸 수 없습니다: {message} 대신 내장된 숫자 데이터로 학습합니다.",
    "rbm_cached": "이 세션에서 같은 설정으로 앞서 실행한 결과입니다 (다시 학습하지 않았습니다).",
    "rbm_stopped_early": "첫 epoch이 끝나기 전에 학습을 멈췄습니다: 아직 보여 줄 것이 없습니다.",
    "rbm_stopped": (
        "{epochs} epoch 중 {epoch} epoch 뒤에 멈췄습니다: RBM이 지금까지 학습한 것을 보여 "
        "줍니다. 다시 학습하려면 **학습**을 누르세요."
    ),
    "rbm_settings_changed": (
        "이 실행 뒤에 위의 설정이 바뀌었습니다. 바뀐 설정으로 학습하려면 **학습**을 누르세요."
    ),
    "rbm_run_caption": (
        "{data}: {shape} 픽셀 이미지, 학습용 {n_train}장과 검증용 {n_val}장; 은닉 유닛 "
        "{hidden}개, {method} (k = {k}), {epochs} epoch 중 {epochs_run} epoch, "
        "{seconds:.1f}초, 시드 {seed}."
    ),
    "rbm_recon_title": "검증 이미지와 그 복원",
    "rbm_originals": "검증 이미지 (학습에 쓰지 않음)",
    "rbm_recons": "복원: W로 h까지 올라갔다가 같은 W로 다시 내려옴",
    "rbm_recon_caption": (
        "복원 이미지는 원본과 같은 자리에 있습니다: h = p(h | v)일 때의 p(v | h)입니다. "
        "픽셀은 부드럽게 보간하지 않고 네모 그대로 그렸습니다."
    ),
    "rbm_curves_title": "학습 곡선",
    "rbm_curves_chart": "epoch별 복원 오차와 자유 에너지",
    "rbm_gap_note": (
        "자유 에너지 격차 = 검증 이미지의 평균 자유 에너지 − 같은 수의 학습 이미지의 평균 "
        "자유 에너지. 자유 에너지가 낮을수록 모델은 그 이미지를 그럴듯하다고 봅니다. **격차가 "
        "계속 커진다면 RBM이 새 이미지보다 학습한 이미지를 선호한다는 뜻, 즉 과적합되고 "
        "있다는 뜻입니다.**"
    ),
    "rbm_filters_title": "학습된 필터",
    "rbm_filters_caption": (
        "W의 열 {total}개 중 {n}개를 이미지로 그렸습니다: 회색 = 0, 흰색 = 양의 가중치, "
        "검은색 = 음의 가중치 (필터마다 자신의 가장 큰 |w|에 맞춰 밝기를 조정)."
    ),
    "rbm_samples_title": "Gibbs 샘플 (모델이 꿈꾼 이미지)",
    "rbm_samples_caption": (
        "모델이 만들어 내는 이미지: 무작위 잡음에서 시작해 v → h → v를 번갈아 Gibbs 단계를 "
        "{steps}번 거친 뒤의 p(v | h)입니다."
    ),
    "rbm_upload_title": "내 이미지",
    "rbm_upload_label": "PNG 또는 JPEG 파일 올리기 (최대 5 MB)",
    "rbm_upload_help": (
        "데이터셋과 같은 크기와 모양(회색조, 어두운 배경에 밝은 획)으로 바꾼 뒤 RBM을 거쳐 "
        "올라갔다가 다시 내려옵니다."
    ),
    "rbm_upload_caption": (
        "숫자를 그린 그림이 가장 잘 됩니다: 흰 종이에 어두운 잉크로 그린 그림은 자동으로 "
        "반전됩니다."
    ),
    "rbm_upload_kept": "마지막으로 올린 올바른 이미지 {name}을(를) 계속 보여 줍니다.",
    "rbm_upload_yours": "RBM이 보는 내 이미지 {name}",
    "rbm_upload_recon": "복원 결과",
    # DBN tab
    "dbn_intro": (
        "**Deep Belief Network**(DBN, Hinton, Osindero & Teh 2006)는 탐욕적으로(greedy) 사전 "
        "학습합니다. RBM 하나가 이미지를 (레이블 없이) 학습하고, 다음 RBM은 그 아래 RBM의 "
        "은닉 활동을 학습하는 식으로, 인접한 두 층씩 차례로 학습합니다. 이렇게 얻은 가중치로 "
        "시그모이드 신경망을 초기화한 뒤 역전파로 **레이블을 써서 미세 조정**합니다. 아래에서는 "
        "같은 신경망을 강의의 작은 무작위 초기값 N(0, 0.01²)에서도 같은 데이터 분할, 시드, "
        "옵티마이저, epoch으로 미세 조정합니다."
    ),
    "dbn_data": "데이터",
    "dbn_layers": "은닉층 (유닛 수, 쉼표로 구분)",
    "dbn_layers_help": "1–6개 층, 층마다 1–500 유닛. 예: 100, 100, 100, 100.",
    "dbn_xavier": "Xavier (Glorot 정규분포)에서도 미세 조정하기",
    "dbn_xavier_help": (
        "비교를 위한 세 번째 시작점입니다: tanh와 ReLU 신경망에서 사전 학습을 필요 없게 만든 "
        "2010년의 공식입니다."
    ),
    "dbn_pre_header": "사전 학습 (RBM, 레이블 없음)",
    "dbn_pre_epochs": "층당 epoch 수",
    "dbn_pre_lr": "RBM 학습률",
    "dbn_pre_batch": "RBM 배치 크기",
    "dbn_k": "Gibbs 단계 수 k (CD-k)",
    "dbn_ft_header": "미세 조정 (레이블 사용)",
    "dbn_ft_epochs": "미세 조정 epoch 수",
    "dbn_ft_lr": "미세 조정 학습률",
    "dbn_ft_batch": "미세 조정 배치 크기",
    "dbn_opt": "옵티마이저",
    "dbn_error_title": "이 설정으로는 학습할 수 없습니다",
    "dbn_train": "학습",
    "dbn_stop": "중지",
    "dbn_stop_help": "멈추고 지금까지 학습한 결과를 그대로 둡니다.",
    "dbn_press_train": "**학습**을 누르면 DBN을 사전 학습하고, 무작위 시작과 나란히 미세 조정합니다.",
    "dbn_progress_start": "사전 학습 중…",
    "dbn_progress_pre": "사전 학습 중: {layers}개 층 중 {layer}층, epoch {epoch} / {epochs}",
    "dbn_progress_ft": "미세 조정 중 ({run}): epoch {epoch} / {epochs}",
    "dbn_mnist_unavailable": "MNIST를 쓸 수 없습니다: {message} 대신 내장된 숫자 데이터로 학습합니다.",
    "dbn_cached": "이 세션에서 같은 설정으로 앞서 실행한 결과입니다 (다시 학습하지 않았습니다).",
    "dbn_stopped_early": "첫 epoch이 끝나기 전에 멈췄습니다: 아직 보여 줄 것이 없습니다.",
    "dbn_stopped_pre": (
        "사전 학습 중에 멈췄습니다 ({total}개 층 중 {layers}개 층 시작): 지금까지 학습한 층을 "
        "보여 줍니다. 미세 조정에는 모든 층이 필요하니, 다시 실행하려면 **학습**을 누르세요."
    ),
    "dbn_stopped_ft": (
        "미세 조정 중에 멈췄습니다: 지금까지 실행한 epoch을 보여 줍니다. 다시 실행하려면 "
        "**학습**을 누르세요."
    ),
    "dbn_settings_changed": (
        "이 실행 뒤에 위의 설정이 바뀌었습니다. 바뀐 설정으로 학습하려면 **학습**을 누르세요."
    ),
    "dbn_run_caption": (
        "{data}: 학습 이미지 {n_train}장(사전 학습에는 레이블 없이 씀)과 검증 이미지 "
        "{n_val}장; 신경망 {sizes}, 시그모이드; 층당 사전 학습 {pre_epochs} epoch, 미세 조정 "
        "{ft_epochs} epoch ({optimizer}, 학습률 {lr:g}); {seconds:.1f}초, 시드 {seed}."
    ),
    "dbn_layers_title": "각 층이 기억하는 것",
    "dbn_input": "검증 이미지",
    "dbn_through_1": "1개 층 올라갔다 내려옴",
    "dbn_through": "{k}개 층 올라갔다 내려옴",
    "dbn_layers_caption": (
        "각 이미지를 k개 층 위로 올려 보냈다가(은닉 확률) 같은 가중치로 픽셀까지 다시 "
        "내려보낸 결과입니다: k층짜리 스택의 맨 위가 그 이미지에서 간직하는 것입니다."
    ),
    "dbn_pre_chart": "사전 학습: 각 RBM이 자기 입력을 복원하는 오차",
    "dbn_pre_caption": (
        "1층은 픽셀을 복원하고, k > 1인 층은 k − 1층의 은닉 활동을 복원합니다. 그래서 층마다 "
        "오차를 같은 기준으로 비교할 수는 없습니다."
    ),
    "dbn_ft_title": "레이블을 쓴 미세 조정: 사전 학습 vs 무작위 시작",
    "dbn_ft_chart": "같은 신경망, 같은 데이터, 같은 옵티마이저: 다른 것은 시작점뿐",
    "dbn_run_dbn": "RBM 사전 학습 (DBN)",
    "dbn_run_normal": "무작위 N(0, 0.01²)",
    "dbn_run_xavier": "Xavier (Glorot 정규분포)",
    "dbn_delta": "{points:+.1f}%p (N(0, 0.01²) 대비)",
    "dbn_metric_help": "미세 조정 {epochs} epoch 후의 검증 정확도입니다.",
    "dbn_no_finetune": "미세 조정은 아직 실행되지 않았습니다.",
    "dbn_claim": (
        "**측정으로 확인한 강의의 주장:** 같은 미세 조정을 거친 뒤, 사전 학습한 은닉층 "
        "{layers}개짜리 시그모이드 신경망은 N(0, 0.01²)에서 시작한 신경망보다 검증 이미지에 "
        "대한 정확도가 **{points:+.1f}%p** 높습니다."
    ),
    "dbn_ft_caption": (
        "실선: 검증 데이터, 점선: 학습 데이터. N(0, 0.01²)에서 시작하면 시그모이드 층마다 "
        "신호 중 입력에 따라 달라지는 부분과, 거꾸로 전달되는 기울기가 약 0.01 × √100 유닛 × "
        "0.25(시그모이드의 기울기) ≈ 0.025배로 줄어듭니다. 그래서 앞쪽 층들은 기울기를 거의 "
        "받지 못하고 신경망은 찍어서 맞히는 수준에 머뭅니다. 사전 학습한 가중치는 이미 특징을 "
        "뽑아내므로 역전파는 그것을 조정하기만 하면 됩니다. 시그모이드 유닛에서는 Xavier로 "
        "시작해도 여기서는 느리게 학습합니다. 학습 탭에서 tanh와 ReLU로 확인해 보세요."
    ),
    # Training tab
    "tr_intro": (
        "같은 신경망을 여러 시작점에서 학습하며 강의의 주장을 확인합니다. **0**에서 시작하면 "
        "아무것도 학습되지 않고(정확도가 찍어서 맞히는 수준에 머묾), **RBM 사전 학습**(DBN)은 "
        "깊은 시그모이드 신경망을 살려 내며, 간단한 **Xavier**와 **He** 스케일링은 그만큼 "
        "또는 더 잘 됩니다. 모든 실행은 같은 데이터 분할, 미니배치 순서, 시드를 쓰고 초기 "
        "가중치만 다릅니다."
    ),
    "tr_presets": "강의와 논문의 실험 설정",
    "tr_presets_caption": (
        "**ReLU**: 0 초기화는 찍어서 맞히는 수준에 머물고, Xavier와 He가 DBN 사전 학습보다 "
        "앞서 가장 빨리 학습합니다. **시그모이드**: 0과 작은 무작위 가중치로는 아무것도 "
        "학습되지 않고, 2006년처럼 DBN 사전 학습이 깊은 시그모이드 신경망을 살려 냅니다. "
        "기본 SGD로 20 epoch 학습하면 Xavier의 스케일로도 깊은 시그모이드 신경망의 학습이 "
        "시작되지 않습니다(Glorot과 Bengio(2010)는 맨 위층이 포화되는 것을 관찰했습니다). "
        "옵티마이저를 Adam으로 바꿔 학습되는 모습을 보거나, 강의의 또 다른 해법인 ReLU를 "
        "쓰세요."
    ),
    "tr_preset_relu": "0 vs Xavier vs He vs DBN (ReLU)",
    "tr_preset_relu_help": "ReLU 은닉층, 이 탭의 자체 신경망, 기본 SGD.",
    "tr_preset_sigmoid": "DBN이 깊은 시그모이드 신경망을 살린다",
    "tr_preset_sigmoid_help": (
        "시그모이드 은닉층, 이 탭의 자체 신경망: 0, 작은 무작위 가중치 N(0, 0.01²), LeCun(강의의 "
        "'Xavier'), DBN 사전 학습. 사이드바의 활성화 함수를 시그모이드로 바꿉니다."
    ),
    "tr_paper_presets": "논문 실험 설정",
    "tr_preset_train_help": (
        "논문의 신경망(사이드바의 은닉층과 활성화 함수에), 옵티마이저와 epoch 수, 비교하는 초기화 "
        "방법들을 불러옵니다. 그다음 학습을 누르세요."
    ),
    "tr_pv_title": "논문 실험 설정: {title}",
    "tr_pv_live": "실시간 결과 (시드 {seed})",
    "tr_pv_run": (
        "**{label}**: {epochs} epoch 뒤 검증 정확도 **{acc:.0%}** (손실 {loss:.2f}): "
        "{observed}. 논문: {expected}."
    ),
    "tr_pv_learns": "학습됨",
    "tr_pv_stalls": "우연 수준에 멈춤",
    "tr_pv_between": "멈추지도, 뚜렷이 학습되지도 않음",
    "tr_pv_diverged": "발산함",
    "tr_pv_grad": "시작할 때 첫 층의 가중치 기울기: {stall}은(는) {learn}의 **{ratio:.1e}**배입니다.",
    "tr_pv_rule": (
        "검증 정확도가 {learns:.0%} 이상이면 *학습됨*, {stalls:.0%} 이하이면 *멈춤*으로 "
        "판정합니다 (우연 수준은 {chance:.0%})."
    ),
    "tr_pv_match": "**논문과 일치합니다**: 모든 실행이 출처가 보고한 대로 됩니다.",
    "tr_pv_nomatch": "이 시드에서는 **논문과 일치하지 않습니다** (위의 실행 결과를 보세요).",
    "tr_pv_incomplete": "이 설정의 실행이 아직 다 끝나지 않았습니다. **학습**을 눌러 마치세요.",
    "tr_pv_pending": "**학습**을 누르면 비교를 실행합니다 (약 {seconds:.0f}초).",
    "tr_pv_changed": (
        "설정이 프리셋과 달라서 기대 결과가 맞지 않습니다. 비교하려면 “{presets}”에서 다시 "
        "불러오세요."
    ),
    "trp_he30_title": "He 등 2015: ReLU 30층, Xavier는 멈추고 He는 학습된다",
    "trp_he30_source": (
        "He, Zhang, Ren, Sun (2015), “Delving Deep into Rectifiers”, ICCV, 그림 3: 30층 ReLU "
        "신경망은 Xavier 초기값에서는 수렴하지 않고, 그들의 초기값에서는 수렴합니다. 여기서는 "
        "몇 초 안에 돌도록 줄였습니다: 8×8 숫자 데이터에서 64 유닛 × 30층, 모멘텀 SGD, 20 epoch."
    ),
    "trp_he30_expected": (
        "Xavier: 신경망이 학습되지 않습니다. 손실은 ln 10 ≈ 2.30에, 정확도는 우연 수준에 "
        "머뭅니다. ReLU 층마다 신호가 절반이 되어(30층이면 2⁻³⁰) 첫 층들이 받는 기울기가 He의 "
        "~10⁻⁵배이기 때문입니다. He: 신경망이 학습됩니다."
    ),
    "tr_dbn_label": "RBM 사전 학습 (DBN)",
    "tr_inits": "학습할 초기화 방법 (1–5개)",
    "tr_inits_help": (
        "같은 구조를 초기화 방법마다 한 번씩 학습합니다. 'RBM 사전 학습 (DBN)'은 먼저 "
        "은닉층을 하나씩 RBM으로 삼아 학습 이미지로 (레이블 없이) 학습한 뒤, 다른 방법들처럼 "
        "신경망 전체를 레이블로 미세 조정합니다."
    ),
    "tr_data": "데이터",
    "tr_data_digits": "숫자 8×8 (내장)",
    "tr_data_mnist": "MNIST 28×28 (10,000장, 처음 한 번 내려받음)",
    "tr_net": "신경망",
    "tr_net_tab": "{layers} (이 탭의 기본값)",
    "tr_net_sidebar": "사이드바: {layers}",
    "tr_net_help": (
        "이 탭은 자체 신경망, 유닛 64개짜리 은닉층 4개로 시작합니다. 강의의 이야기를 보여 주기에 충분히 "
        "깊고, 기본 비교가 몇 초 안에 학습될 만큼 작습니다. 사이드바에서 정한 층으로 "
        "학습하려면 '사이드바'를 고르세요. 활성화 함수는 언제나 사이드바의 것을 씁니다."
    ),
    "tr_net_why": (
        "기본 비교가 몇 초 안에 끝나도록 이 탭은 은닉층 {tab} 구성으로 시작합니다 "
        "(약 {secs_tab:.0f}초). 사이드바의 {side} 구성으로 같은 실행을 하면 약 "
        "{secs_side:.0f}초가 걸립니다."
    ),
    "tr_net_why_big": (
        "기본 비교가 몇 초 안에 끝나도록 이 탭은 은닉층 {tab} 구성으로 시작합니다. 사이드바의 "
        "{side} 구성은 여기서 학습하기에 너무 큽니다."
    ),
    "tr_epochs": "epoch 수",
    "tr_optimizer": "옵티마이저",
    "tr_opt_sgd": "SGD",
    "tr_opt_momentum": "SGD + 모멘텀",
    "tr_opt_adam": "Adam",
    "tr_lr": "학습률",
    "tr_lr_help": "0보다 크고 10 이하. 옵티마이저를 바꾸면 그 옵티마이저에 흔히 쓰는 값으로 바뀝니다.",
    "tr_batch": "배치 크기",
    "tr_dbn_epochs": "DBN 사전 학습 epoch 수",
    "tr_dbn_epochs_help": "미세 조정 전에 은닉층마다 RBM을 학습하는 epoch 수입니다.",
    "tr_arch": (
        "신경망 {sizes} · 은닉층 활성화 함수 {activation} · {optimizer}, 학습률 {lr:g}, 배치 "
        "{batch} · {epochs} epoch · {data}: 학습 이미지 {n_train:,}장, 검증 이미지 {n_val:,}장 "
        "· 시드 {seed}"
    ),
    "tr_dbn_note": (
        "DBN 실행은 사이드바 설정과 관계없이 언제나 **시그모이드** 은닉 유닛을 씁니다. RBM의 "
        "은닉 유닛은 확률 sigmoid(W·v + b)로 켜지며, 그 가중치는 시그모이드 신경망에서만 같은 "
        "의미를 갖기 때문입니다."
    ),
    "tr_train": "학습",
    "tr_stop": "중지",
    "tr_stop_help": "지금 멈추고 지금까지 학습한 결과를 그대로 둡니다.",
    "tr_stopping": "멈추는 중: 진행 중인 epoch을 마무리하고 있습니다…",
    "tr_estimate": "실행 {total}개 중 {n}개를 학습합니다. 약 {seconds:.0f}초 걸립니다.",
    "tr_click_train": "**학습**을 누르면 고른 초기화 방법들을 이 설정으로 학습합니다.",
    "tr_old_results": (
        "아래 결과는 이전 설정의 결과입니다. 지금 설정으로 학습하려면 **학습**을 누르세요."
    ),
    "tr_missing": "이 설정으로 아직 학습하지 않았습니다: {runs}. **학습**을 누르세요.",
    "tr_progress": "실행 {i}/{n} · {label} · epoch {epoch}/{epochs}",
    "tr_progress_pre": (
        "실행 {i}/{n} · {label} · RBM 사전 학습 {layer}/{layers}, epoch {epoch}/{epochs}"
    ),
    "tr_progress_start": "실행 {i}/{n} · {label} · 시작하는 중",
    "tr_stopped": (
        "“{label}”을(를) 학습하던 중에 멈췄습니다. 차트는 그때까지 학습한 결과를 보여 줍니다. "
        "끝나지 않은 실행을 다시 하려면 **학습**을 누르세요."
    ),
    "tr_run_stopped": "{label}: {total} epoch 중 {epochs} epoch 뒤에 멈췄습니다.",
    "tr_run_stopped_pre": "{label}: 미세 조정 전, 사전 학습 중에 멈췄습니다.",
    "tr_run_diverged": "{label}: {epoch}번째 epoch에서 발산했습니다 (손실: {reason}).",
    "tr_reason_nonfinite": "NaN 또는 무한대",
    "tr_reason_exploded": "시작값의 1000배 초과",
    "tr_invalid": "이 설정으로는 학습할 수 없습니다",
    "tr_invalid_keep": "이 문제를 고칠 때까지 마지막 결과를 보여 줍니다.",
    "tr_mnist_loading": "MNIST를 불러오는 중입니다 (처음 한 번만 내려받음, 11 MB)…",
    "tr_mnist_failed": "MNIST를 쓸 수 없습니다: {error} 대신 내장된 숫자 데이터로 학습합니다.",
    "tr_curves_title": "학습 중의 손실과 정확도",
    "tr_curves_caption": (
        "점선: 학습 데이터, 실선: 검증 데이터(따로 떼어 두고 학습에는 쓰지 않음). epoch 0은 "
        "초기화 직후입니다. 회색 '우연 수준'(chance) 선에서 평평하게 머무는 곡선은 신경망이 "
        "아무것도 학습하지 못했다는 뜻입니다."
    ),
    "tr_table_title": "결과",
    "tr_col_run": "초기화 방법",
    "tr_col_activation": "활성화 함수",
    "tr_col_epochs_run": "epoch",
    "tr_col_train_accuracy": "학습 정확도",
    "tr_col_val_accuracy": "검증 정확도",
    "tr_col_best_val_accuracy": "최고 검증 정확도",
    "tr_col_train_loss": "학습 손실",
    "tr_col_val_loss": "검증 손실",
    "tr_col_distinct_units_1": "서로 다른 유닛 수, 1층",
    "tr_col_stopped": "중지됨",
    "tr_col_diverged": "발산",
    "tr_col_diverged_epoch": "발산한 epoch",
    "tr_col_seconds": "시간(초)",
    "tr_grad_title": "각 층에 도달하는 기울기, epoch별",
    "tr_grad_caption": (
        "색: 학습 이미지 256장으로 된 고정 배치에서 잰, 각 층 활성화 함수 입력(pre-activation)에 "
        "대한 손실 기울기의 노름 ‖∂L/∂z‖ (로그 눈금, 모든 패널이 같은 눈금). 'out'은 "
        "출력층입니다. 회색 칸은 정확히 0입니다: 그 층에는 기울기가 전혀 도달하지 않아 "
        "가중치가 결코 바뀌지 않습니다."
    ),
    "tr_sym_title": "0 초기화가 실패하는 이유: 모든 은닉 유닛이 서로의 복사본으로 남는다",
    "tr_sym_caption": (
        "행은 1층의 은닉 유닛(처음 {units}개), 열은 입력 픽셀에서 들어오는 가중치이며, 학습이 "
        "끝난 뒤의 값입니다. 0에서 시작하면 모든 유닛이 같은 기울기를 받으므로 행들이 똑같이 "
        "남습니다(ReLU에서는 아예 0으로 남습니다: 0인 가중치는 기울기를 거꾸로 전달하지 "
        "않습니다). 무작위로 시작하면 유닛마다 자기만의 특징을 학습합니다."
    ),
    "tr_sym_panel": "{label}, {epochs} epoch 후",
    "tr_distinct_title": "층별 서로 다른 은닉 유닛 수",
    "tr_distinct_caption": (
        "들어오는 가중치와 편향이 완전히 같은 유닛은 하나로 셉니다. 0 초기화는 층마다 서로 "
        "다른 유닛을 영원히 1개만 남깁니다: 층 전체가 유닛 하나처럼 동작합니다. "
        "유닛이 모두 서로 다른 실행들은 맨 위에서 서로 겹칩니다."
    ),
    "tr_sym_hint": "초기화 방법에 “{label}”을(를) 추가하면 0 초기화가 끝내 깨지 못하는 대칭을 볼 수 있습니다.",
}

#: Words inside charts (axis and legend titles, legend entries, panel headers), translated
#: by explorer.analysis.charts.translate_spec. Keys are the English strings the chart builders use.
#: A key must never be a Vega-Lite keyword that also appears as a value (e.g. "normal",
#: "top", "line", "log"): every string value equal to a key is replaced.
#: The initializers' names (explorer.engine.initializers.INITIALIZERS labels): the people's names and
#: formulas stay, the words are Korean.
INIT_NAMES_KO = {
    "init_zeros": "0 (모든 가중치 0)",
    "init_normal": "무작위 정규분포 N(0, σ²)",
    "init_uniform": "무작위 균등분포 U(−a, a)",
    "init_standard_uniform": "표준 균등분포 U(±1/√n_in) (Glorot의 기준)",
    "init_lecun_normal": "LeCun 정규분포 (강의의 'Xavier')",
    "init_lecun_uniform": "LeCun 균등분포",
    "init_xavier_uniform": "Xavier/Glorot 균등분포",
    "init_xavier_normal": "Xavier/Glorot 정규분포",
    "init_xavier_truncated": "Xavier 절단 정규분포 (prettytensor)",
    "init_he_normal": "He 정규분포 (Kaiming)",
    "init_he_uniform": "He 균등분포",
    "init_orthogonal": "직교 행렬",
}
KO.update(INIT_NAMES_KO)
#: The data sets' titles (explorer.data.datasets.DATASETS).
KO.update(
    {
        "dataset_digits": "손글씨 숫자 8×8 (내장)",
        "dataset_gaussian": "가우시안 잡음 (CS231n)",
        "dataset_bars_stripes": "막대와 줄무늬 (이진 예제)",
        "dataset_mnist": "MNIST 28×28 (내려받기)",
    }
)

#: Words the chart builders compose from values (explorer.analysis.charts.NOTES), as templates.
CHART_NOTES_KO = {
    "chart_chance": "우연 수준 ({p:.0%})",
    "chart_not_finite": "표시하지 않음 (유한하지 않음): {run}, {epoch} epoch부터",
    "chart_below": "{lo:.0e} 미만의 값은 가장 어두운 색으로 그립니다",
    "chart_output": "출력",
    "chart_some_layers": "은닉층 {n}개 중 {layers}층",
    "chart_all_zero": "{name} — 모든 가중치가 정확히 0",
    "chart_layer": "{k}층",
}
KO.update(CHART_NOTES_KO)

CHART_WORDS_KO = {
    # profile and histograms (Signals tab, lesson)
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
    # panel headers: whole label expressions, so the number comes first ("3층")
    "'layer ' + datum.value": "datum.value + '층'",
    "'hidden layer ' + datum.value": "'은닉층 ' + datum.value",
    # training charts (Training tab, lesson)
    "epoch (0 = initialization)": "epoch (0 = 초기화 직후)",
    "data": "데이터",
    "train": "학습 데이터",
    "validation": "검증 데이터",
    "loss": "손실",
    "accuracy": "정확도",
    "cross-entropy loss": "교차 엔트로피 손실",
    "cross-entropy loss (log scale)": "교차 엔트로피 손실 (로그 눈금)",
    "chance (10%)": "우연 수준 (10%)",
    "nothing to plot: no finite loss or accuracy": "그릴 값이 없습니다: 유한한 손실이나 정확도가 없습니다",
    "no positive loss": "양수인 손실이 없습니다",
    "‖∂L/∂z‖ (log)": "‖∂L/∂z‖ (로그 눈금)",
    "exactly 0": "정확히 0",
    "not finite": "유한하지 않음",
    "distinct units": "서로 다른 유닛 수",
    "distinct units (log scale)": "서로 다른 유닛 수 (로그 눈금)",
    "of units": "전체 유닛 수",
    "input": "입력",
    "input (pixel)": "입력 (픽셀)",
    "unit": "유닛",
    "hidden unit": "은닉 유닛",
    "weight": "가중치",
    "no weights to show": "보여 줄 가중치가 없습니다",
    # RBM and DBN charts
    "held-out": "검증 데이터",
    "held-out − train": "검증 − 학습",
    "reconstruction error": "복원 오차",
    "reconstruction error (log scale)": "복원 오차 (로그 눈금)",
    "free energy": "자유 에너지",
    "free-energy gap": "자유 에너지 격차",
    "no epochs to show yet": "아직 보여 줄 epoch이 없습니다",
    "no layer pre-trained yet": "아직 사전 학습한 층이 없습니다",
    "no finite reconstruction errors to show": "보여 줄 유한한 복원 오차가 없습니다",
    "no fine-tuning epochs yet": "아직 미세 조정한 epoch이 없습니다",
}
