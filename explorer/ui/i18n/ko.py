"""Every Korean string of the app, by key (the keys of :mod:`explorer.ui.i18n.en`).

Technical names (ReLU, Xavier, He, RBM, DBN, NaN) stay in Latin letters, as Korean course
notes write them.
"""

from explorer.engine.initializers import INITIALIZERS

KO = {
    "page_title": "초기화 탐색기",
    "app_title": "초기화 탐색기",
    "app_subtitle": "깊은 신경망이 왜 학습하지 못하는지, 그리고 초기화가 그것을 어떻게 해결하는지",
    "app_caption": (
        "사이드바에서 신경망과 초기화 방법을 고르세요. 모든 차트는 바로 계산됩니다. 신호 탭은 "
        "초기화 직후의 순전파와 역전파 한 번으로, 다른 탭은 학습으로 계산합니다."
    ),
    "tab_lesson": "강의",
    "tab_signals": "신호",
    "tab_training": "학습",
    "tab_rbm": "RBM",
    "tab_dbn": "DBN",
    "sb_data": "입력 데이터",
    "sb_data_help": (
        "신경망에 통과시킬 배치입니다: 손글씨 숫자(8×8, 1,797장), CS231n 데모처럼 가우시안 "
        "잡음 randn(n, d), 또는 4×4 이진 막대와 줄무늬."
    ),
    "data_digits": "손글씨 숫자 8×8",
    "data_gaussian": "가우시안 잡음",
    "data_bars_stripes": "막대와 줄무늬",
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
    "sb_for_signals": "아래의 모든 설정이 신호 탭을 바꿉니다.",
    "sb_for_training": (
        "학습 탭은 여기의 활성화 함수와 시드를 쓰고, 그 탭에서 “사이드바의 신경망”을 고르면 "
        "이 은닉층도 씁니다."
    ),
    "sb_for_rbm": "RBM 탭은 자체 설정을 쓰며, 여기서는 시드만 가져갑니다.",
    "sb_for_dbn": "DBN 탭은 자체 설정을 쓰며, 여기서는 시드만 가져갑니다.",
    "sb_for_lesson": "강의의 각 단계는 자체 신경망을 씁니다. “직접 해 보기”를 누르면 여기로 불러옵니다.",
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
    "batch_capped": "배치 {asked}을(를) 골랐지만 {data}에는 {rows}개 행만 있어 {rows}개 모두를 통과시켰습니다.",
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
    "theory_method_exact": "이 활성화 함수에서는 정확한 값",
    "theory_method_quadrature": "기댓값을 수치 적분으로 계산",
    "theory_method_linear": "선형 근사",
    "sig_theory": "점선이 가정하는 것",
    "theory_assumes": (
        "점선은 Glorot & Bengio(2010)와 He 등(2015)의 분산 점화식입니다: 무작위 가중치에 대한 "
        "평균이지, 한 번 뽑은 가중치의 값이 아닙니다. 모든 층이 충분히 넓어서 사전 활성값 z가 "
        "가우시안을 따르고, 역전파할 때 기울기가 순전파와 독립이라고 가정합니다. 층마다:"
    ),
    "theory_relu": (
        "ReLU에서는 가우시안 z에 대해 두 기댓값이 정확합니다: E[a²] = Var[z] / 2 (입력의 절반이 "
        "0으로 잘림), E[f′(z)²] = ½ (He 등 2015)."
    ),
    "theory_leaky_relu": (
        "Leaky ReLU(0 아래 기울기 α = 0.01)에서는 가우시안 z에 대해 두 기댓값이 정확합니다: "
        "E[a²] = (1 + α²)·Var[z] / 2, E[f′(z)²] = (1 + α²) / 2."
    ),
    "theory_linear": "항등 함수에서는 둘 다 정확합니다: E[a²] = Var[z], E[f′(z)²] = 1.",
    "theory_quadrature": (
        "{act}에는 닫힌 형태가 없어서, 가우시안 z에 대한 E[f(z)²]와 E[f′(z)²]를 수치 적분"
        "(가우스 구적법, 평균장 근사)으로 계산합니다. 좁은 층의 z는 완전한 가우시안이 아니므로 "
        "신경망 하나는 이 선에서 벗어날 수 있습니다."
    ),
    "theory_linear_approx": (
        "{act}를 0에서의 기울기로 바꿔 근사합니다 (Glorot & Bengio가 분석한 영역): Var[z]가 "
        "작을 때만 맞습니다."
    ),
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
        "허용 범위를 정한 근거: 1–4층은 인용한 표준편차(0.213, 0.048, 0.011, 0.0024)의 "
        "±10 % 안이면 일치로 봅니다. 소수 여섯째 자리까지 찍힌 5–10층의 표준편차와 Xavier의 "
        "0.628, 0.226은 반올림 범위(마지막 자리의 반 단위)를 시드에 따른 차이를 감안해 5 % "
        "넓힌 범위 안이면 일치입니다(한 번 뽑을 때의 차이는 약 1 %). 층마다 ∂L/∂z가 √500 · 0.01 ≈ 0.22배가 "
        "되므로 1층의 기울기는 10층의 0.22⁹배이고, ×/÷ 2 안이면 일치입니다. std 1이면 z의 "
        "표준편차가 √500 ≈ 22라서 값의 약 91 %가 |a| > 0.99를 넘습니다. “거의 모든 유닛”은 "
        "80 % 이상으로 읽습니다."
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
    # errors of the shared validators (explorer.services.errors, explorer.engine.checks)
    "err_int_range": "{field}은(는) {lo}부터 {hi}까지의 정수여야 합니다. 받은 값: {got}.",
    "err_int_min": "{field}은(는) {lo} 이상의 정수여야 합니다. 받은 값: {got}.",
    "err_float_range": "{field}은(는) {interval} 범위의 수여야 합니다. 받은 값: {got}.",
    "err_choice": "{field}은(는) {choices} 중 하나여야 합니다. 받은 값: {got}.",
    "err_init_param_form": "{init}: '{item}'은(는) 매개변수=숫자 꼴이 아닙니다.",
    "err_init_param_unknown": "{init}의 매개변수는 {allowed}입니다. 모르는 매개변수: {unknown}.",
    "err_tr_init_type": "초기화 방법은 문자열이어야 합니다. 받은 값: {got}",
    "err_layers_empty": "은닉층이 없습니다. {help}",
    "err_layers_long": "층 입력이 너무 깁니다. {help}",
    "err_layers_gap": "{i}번째 항목이 비어 있습니다 (쉼표가 두 번?). {help}",
    "err_layers_nan": "'{part}'은(는) 정수가 아닙니다. {help}",
    "err_layers_range": "너비 {w}은(는) 범위를 벗어납니다. {help}",
    "err_layers_many": "은닉층 {n}개는 너무 많습니다. {help}",
    "layers_help": (
        "은닉층 너비를 쉼표로 구분한 정수로 입력하세요. 예: 256, 128, 128 "
        "(1–{most_layers}개 층, 층마다 1–{most_units} 유닛)."
    ),
    "err_dbn_layers_empty": "은닉층이 없습니다. {help_dbn}",
    "err_dbn_layers_long": "층 입력이 너무 깁니다. {help_dbn}",
    "err_dbn_layers_gap": "{i}번째 항목이 비어 있습니다 (쉼표가 두 번?). {help_dbn}",
    "err_dbn_layers_nan": "'{part}'은(는) 정수가 아닙니다. {help_dbn}",
    "err_dbn_layers_range": "{w} 유닛인 층은 범위를 벗어납니다. {help_dbn}",
    "err_dbn_layers_many": "은닉층 {n}개는 너무 많습니다. {help_dbn}",
    "dbn_layers_help_text": (
        "은닉층 크기를 쉼표로 구분한 정수로 입력하세요. 예: 100, 100, 100, 100 "
        "(1–{most_layers}개 층, 층마다 1–{most_units} 유닛. 이 한도 안에서 한 번의 실행은 약 "
        "2분 이내, 배열은 250 MB 미만으로 앱의 600 MB 한도보다 훨씬 작습니다)."
    ),
    "field_seed": "시드",
    "field_batch": "배치 크기",
    "field_input_dim": "입력 차원",
    "field_bins": "히스토그램 구간 수",
    "field_data": "입력 데이터",
    "field_dtype": "정밀도",
    "field_activation": "활성화 함수",
    "field_init": "초기화 방법",
    "field_optimizer": "옵티마이저",
    "field_std": "표준편차 σ",
    "field_limit": "범위 a",
    "field_gain": "이득 g",
    "field_hidden_layers": "은닉층 수",
    "field_hidden_width": "층의 너비",
    "field_dbn_layers": "은닉층 수",
    "field_dbn_width": "층의 크기",
    "field_tr_data": "데이터",
    "field_rbm_data": "데이터셋",
    "field_dbn_data": "데이터셋",
    "err_upload_empty": "빈 파일입니다. PNG나 JPEG 이미지를 올려 주세요.",
    "err_upload_bytes": "파일 크기가 {mb:g} MB입니다. 한도는 {limit:g} MB입니다.",
    "err_upload_not_image": "이미지 파일이 아닙니다. PNG나 JPEG 이미지를 올려 주세요.",
    "err_upload_format": "{kind} 파일은 지원하지 않습니다. PNG나 JPEG 이미지를 올려 주세요.",
    "err_upload_corrupt": "{kind} 파일이 손상되었거나 잘려서 읽을 수 없습니다.",
    "err_upload_bomb": "이미지의 픽셀이 너무 많습니다. 한도는 {limit:g}메가픽셀입니다.",
    "err_upload_pixels": (
        "이미지가 {w}×{h} 픽셀({mp:.3g}메가픽셀)입니다. 한도는 {limit:g}메가픽셀입니다."
    ),
    "err_upload_animated": "움직이는 이미지는 지원하지 않습니다. 정지된 PNG나 JPEG를 올려 주세요.",
    "err_upload_decode": "이미지가 너무 커서 읽을 수 없습니다.",
    "err_memory": (
        "이 신경망은 모든 층을 기록하는 데 약 {mb:,.0f} MB가 필요합니다 (배치 {batch} × "
        "{units:,} 유닛, {dtype}). 한도는 {limit} MB입니다. 층을 줄이거나 좁히고, 배치를 "
        "줄이거나, float32를 쓰세요."
    ),
    "err_memory_capped": (
        "이 신경망은 모든 층을 기록하는 데 약 {mb:,.0f} MB가 필요합니다 (배치 {batch}: 고른 "
        "{asked}개는 데이터의 {batch}개 행으로 줄었습니다 × {units:,} 유닛, {dtype}). 한도는 "
        "{limit} MB입니다. 층을 줄이거나 좁히거나, float32를 쓰세요."
    ),
    # error messages of the Training, RBM and DBN tabs; the settings they name are
    # field_<key>
    "err_tr_inits_count": "학습할 초기화 방법을 1–{most}개 고르세요. 지금 {n}개를 골랐습니다.",
    "err_tr_inits_twice": "초기화 방법은 한 번씩만 고를 수 있습니다.",
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
    "err_rbm_too_slow": "이 실행은 약 {seconds:.0f}초 걸립니다. 한도는 {limit}초입니다(작은 서버에서도 바로 반응하도록). epoch이나 은닉 유닛을 줄이거나, 배치를 키우세요.",
    "err_dbn_too_slow": "이 실행은 약 {seconds:.0f}초 걸립니다. 한도는 {limit}초입니다(작은 서버에서도 바로 반응하도록). epoch, 층 또는 유닛을 줄이세요.",
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
        "std 0.01: 층별 표준편차가 0.21, 0.048, 0.011, 0.0024, 0.000532, 0.000119, "
        "0.000026, 0.000006, 0.000001, 0.000000으로 0을 향해 무너지고, 기울기도 "
        "마찬가지입니다. std 1.0: 거의 모든 유닛이 ±1에서 포화되어 국소 기울기가 사라집니다. "
        "Xavier (/√fan_in): 표준편차가 1층의 0.628에서 10층의 0.226까지 천천히 줄어듭니다."
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
        "**제한된 볼츠만 머신**(restricted Boltzmann machine, RBM; Smolensky 1986, Hinton의 "
        "2006년 Deep Belief Network를 이루는 기본 단위)은 두 층과 "
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
    "rbm_lr_help": (
        "(0, 1] 범위. Hinton의 실용 가이드: 한 번의 업데이트가 가중치의 1/1000 정도가 "
        "되도록 고릅니다."
    ),
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
    "rbm_wd_help": "W에 거는 L2 벌점, 0–0.01 (가이드에 따르면 보통 0.00001–0.01).",
    "rbm_error_title": "이 설정으로는 학습할 수 없습니다",
    "rbm_train": "학습",
    "rbm_stop": "중지",
    "rbm_stop_help": "학습을 멈추고 지금까지 학습한 결과를 그대로 둡니다.",
    "rbm_press_train": "**학습**을 누르면 이 설정으로 RBM을 학습합니다.",
    "rbm_mnist_unavailable": "MNIST를 쓸 수 없습니다: {message} 대신 내장된 숫자 데이터로 학습합니다.",
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
        "같은 신경망을 작은 무작위 초기값 N(0, 0.01²)에서도 같은 데이터 분할, 시드, "
        "옵티마이저, epoch으로 미세 조정합니다."
    ),
    "dbn_data": "데이터",
    "dbn_layers": "은닉층 (유닛 수, 쉼표로 구분)",
    "dbn_layers_help": "1–6개 층, 층마다 1–500 유닛. 예: 100, 100, 100, 100.",
    "dbn_xavier": "Xavier (Glorot 정규분포)에서도 미세 조정하기",
    "dbn_xavier_help": (
        "비교를 위한 세 번째 시작점입니다: 무작위 가중치에서 학습한 tanh 신경망과 사전 학습한 "
        "신경망 사이의 격차를 크게 줄인 Glorot과 Bengio의 2010년 공식입니다 (ReLU 신경망에서는 "
        "He 등(2015)이 그 분산을 두 배로 했습니다)."
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
    "dbn_progress_pre": "사전 학습 중: {layers}개 층 중 {layer}층, epoch {epoch} / {epochs}",
    "dbn_progress_ft": "미세 조정 중 ({run}): epoch {epoch} / {epochs}",
    "dbn_mnist_unavailable": "MNIST를 쓸 수 없습니다: {message} 대신 내장된 숫자 데이터로 학습합니다.",
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
        "뽑아내므로 역전파는 그것을 조정하기만 하면 됩니다. 시그모이드 유닛에서는 기본 설정으로 "
        "Xavier로 시작해도 찍어서 맞히는 수준에 머뭅니다. tanh와 ReLU에서 학습되는 모습은 학습 "
        "탭에서 확인해 보세요."
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
        "**ReLU**: 0 초기화는 찍어서 맞히는 수준에 머물고, Xavier와 He가 결국 DBN 사전 "
        "학습보다 앞섭니다(첫 epoch 직후에는 DBN이 앞섭니다). **시그모이드**: 0과 작은 무작위 가중치로는 아무것도 "
        "학습되지 않고, 2006년처럼 DBN 사전 학습이 깊은 시그모이드 신경망을 살려 냅니다. "
        "기본 SGD로 20 epoch 학습하면 강의의 Xavier(√fan_in)로도 이 깊은 시그모이드 신경망의 "
        "학습이 시작되지 않습니다. Glorot과 Bengio(2010)는 표준 초기화 U(±1/√n)에서 그 "
        "이유를 보았습니다: 깊은 시그모이드 신경망의 맨 위 은닉층이 0에서 포화되어 느리게만 "
        "학습합니다. 그들은 정규화 초기화로 시그모이드 신경망을 학습시키지는 않았습니다. "
        "옵티마이저를 Adam으로 바꿔 학습되는 모습을 보거나, 강의의 또 다른 해법인 ReLU를 "
        "쓰세요."
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
    "trp_relu_title": "0 vs Xavier vs He vs DBN (ReLU)",
    "trp_relu_source": "강의: ReLU 은닉층, 이 탭의 자체 신경망, 기본 SGD.",
    "trp_relu_expected": "0에서는 우연 수준에 머물고, Xavier와 He가 결국 DBN 사전 학습보다 앞선다.",
    "trp_sigmoid_title": "DBN이 깊은 시그모이드 신경망을 살린다",
    "trp_sigmoid_source": "강의, 2006년: 시그모이드 은닉층, 이 탭의 자체 신경망, 기본 SGD.",
    "trp_sigmoid_expected": (
        "0과 작은 무작위 가중치로는 아무것도 학습하지 못하고, DBN 사전 학습이 깊은 "
        "시그모이드 신경망을 살린다."
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
    "tr_estimate": "실행 {total}개 중 {n}개를 학습합니다. 약 {seconds:.0f}초 걸립니다.",
    "tr_click_train": "**학습**을 누르면 고른 초기화 방법들을 이 설정으로 학습합니다.",
    "tr_old_results": (
        "아래 결과는 이전 설정의 결과입니다. 지금 설정으로 학습하려면 **학습**을 누르세요."
    ),
    "tr_missing": "이 설정으로 아직 학습하지 않았습니다: {runs}. **학습**을 누르세요.",
    "tr_stopped": (
        "학습을 멈췄습니다 ({runs}). 차트는 그때까지 학습한 결과를 보여 줍니다. 끝나지 않은 "
        "실행을 다시 하려면 **학습**을 누르세요."
    ),
    "tr_run_stopped": "{label}: {total} epoch 중 {epochs} epoch 뒤에 멈췄습니다.",
    "tr_run_stopped_pre": "{label}: 미세 조정 전, 사전 학습 중에 멈췄습니다.",
    "tr_run_diverged": "{label}: {epoch}번째 epoch에서 발산했습니다 (손실: {reason}).",
    "tr_reason_nonfinite": "NaN 또는 무한대",
    "tr_reason_exploded": "시작값의 1000배 초과",
    "tr_invalid": "이 설정으로는 학습할 수 없습니다",
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
        "남습니다(ReLU나 tanh처럼 f(0) = 0이면 아예 0으로 남습니다: 0인 가중치는 기울기를 "
        "거꾸로 전달하지 않습니다). 무작위로 시작하면 유닛마다 자기만의 특징을 학습합니다."
    ),
    "tr_sym_panel": "{label}, {epochs} epoch 후",
    "tr_distinct_title": "층별 서로 다른 은닉 유닛 수",
    "tr_distinct_caption": (
        "들어오는 가중치와 편향이 완전히 같은 유닛은 하나로 셉니다. 0 초기화는 층마다 서로 "
        "다른 유닛을 영원히 1개만 남깁니다: 층 전체가 유닛 하나처럼 동작합니다. "
        "유닛이 모두 서로 다른 실행들은 맨 위에서 서로 겹칩니다."
    ),
    "tr_sym_hint": "초기화 방법에 “{label}”을(를) 추가하면 0 초기화가 끝내 깨지 못하는 대칭을 볼 수 있습니다.",
    # --- lesson tab ---
    "ls_intro": (
        "강의의 논지를 한 단계에 하나씩, 작은 신경망으로 직접 계산하며 따라갑니다. "
        "화살표 버튼이나 단계 표시줄로 이동하고, **직접 해 보기**를 누르면 같은 설정으로 "
        "해당 탭이 열립니다."
    ),
    "ls_jump": "단계로 이동",
    "ls_step_of": "{total}단계 중 {n}단계",
    "ls_back": "← {title}",
    "ls_back_none": "← 이전",
    "ls_next": "{title} →",
    "ls_next_none": "다음 →",
    "ls_bad_step": (
        "이 링크는 “{value}” 단계를 요청했지만, 강의는 1–{total}단계로 되어 있습니다. "
        "1단계부터 시작합니다."
    ),
    "ls_computing": "이 단계를 계산하는 중입니다 (처음 한 번만)…",
    "ls_try": "{tab} 탭에서 직접 해 보기",
    "ls_try_help": "이 단계의 설정을 불러와 {tab} 탭을 엽니다. 그곳에서 설정을 바꿔 볼 수 있습니다.",
    "ls_try_signals": (
        "사이드바를 이 신경망으로 설정하고, 같은 초기화 방법들로 신호 탭의 비교 화면을 엽니다."
    ),
    "ls_try_training": (
        "신경망, 활성화 함수, 초기화 방법을 설정하고 학습 탭을 엽니다. 그곳에서 **학습**을 "
        "누르세요."
    ),
    "ls_try_rbm": (
        "RBM 탭을 엽니다. 이 탭은 자체 설정(은닉 유닛 {hidden}개, {epochs} epoch)으로 RBM을 학습합니다. "
        "**학습**을 누르거나 직접 그린 이미지를 올려 보세요."
    ),
    "ls_try_dbn": (
        "이 신경망과 epoch 설정으로 DBN 탭을 엽니다. **학습**을 누르거나 신경망을 더 깊게 "
        "만들어 보세요."
    ),
    "ls_try_preset": "학습해 보기: {title}",
    "ls_try_preset_caption": (
        "논문의 30층 설정을 몇 초 안에 돌도록 줄여 {tab} 탭을 엽니다. 거기서 **학습**을 누르면 "
        "기대 결과와 실시간 결과를 나란히 볼 수 있습니다."
    ),
    "ls_dl_svg": "SVG",
    "ls_dl_png": "PNG",
    "ls_dl_csv": "CSV",
    "ls_dl_image": "PNG",
    "ls_dl_svg_help": "차트를 SVG로 내려받습니다: 벡터 그래픽이라 어떤 크기에서도 선명하고 편집할 수 있습니다.",
    "ls_dl_png_help": "차트를 화면의 두 배 해상도 PNG로 내려받습니다 (슬라이드용).",
    "ls_dl_csv_help": "표를 CSV(UTF-8)로 내려받습니다.",
    "ls_dl_csv_bins": "CSV: 히스토그램 구간",
    "ls_dl_csv_bins_help": "모든 히스토그램의 구간(층별 활성값과 기울기)을 CSV(UTF-8)로 내려받습니다.",
    "ls_dl_image_help": "그림을 픽셀 그대로 PNG로 내려받습니다.",
    "ls_profile_caption": (
        "왼쪽: 각 은닉층 활성값이 퍼진 정도(표준편차). 오른쪽: 역전파가 각 층에 전달하는 "
        "기울기 ∂L/∂z의 크기이며, 마지막 점은 출력층입니다. 1층이 입력에 가장 가까운 층입니다. "
        "값의 축은 모두 로그 눈금이라 같은 간격은 같은 배수를 뜻합니다."
    ),
    "ls_theory_caption": "점선: 층별 분산 점화식이 예측한 값, 실선: 실제로 측정한 값.",
    "ls_exact_zero": "0 (정확히)",
    "ls_of": "{n} / {total}",
    "ls_m_grad": "시작 시 기울기",
    "ls_m_grad_help": "첫 업데이트 전, 은닉층들의 ‖∂L/∂z‖ 중 가장 큰 값입니다.",
    "ls_m_distinct": "서로 다른 유닛",
    "ls_m_distinct_help": (
        "학습 후, 그 수가 가장 적은 은닉층의 값입니다. 들어오는 가중치와 편향이 완전히 같은 "
        "유닛은 하나로 셉니다."
    ),
    "ls_m_acc": "정확도",
    "ls_m_acc_help": "{epochs} epoch 후 검증 정확도 (찍어서 맞힐 확률: 10 %).",
    "ls_curves_chart": "{epochs} epoch 학습: 손실과 정확도",
    "ls_col_run": "초기화 방법",
    "ls_col_std": "표준편차 (공식)",
    "ls_col_sample_std": "표준편차 (이번 샘플)",
    "ls_col_limit": "범위 |w| ≤",
    "ls_col_val_accuracy": "검증 정확도",
    "ls_col_best_val_accuracy": "최고 검증 정확도",
    "ls_col_distinct_units_1": "서로 다른 유닛 수, 1층",
    # step 1
    "ls_sigmoid_short": "시그모이드",
    "ls_sigmoid_title": "깊은 시그모이드 신경망: 기울기가 층을 지날 때마다 사라진다",
    "ls_sigmoid_body": (
        "유닛 128개짜리 시그모이드 층 10개에, 학습 전 손글씨 숫자 배치 하나를 넣었습니다. "
        "기울기는 거꾸로 전달되면서 층마다 가중치와 시그모이드의 기울기를 곱하게 되는데, "
        "시그모이드의 기울기는 최대 ¼입니다. 작은 무작위 가중치 N(0, 0.01²)로 시작해도, "
        "강의에서 나중에 Xavier라고 부르는 √fan_in 스케일로 시작해도, 1층까지 도달하는 "
        "기울기는 출력층보다 백만 배 이상 작습니다. 입력 쪽 층들은 거의 학습되지 않습니다."
    ),
    "ls_sigmoid_chart": "초기화 직후의 시그모이드 층 10개",
    # step 2
    "ls_relu_short": "ReLU",
    "ls_relu_title": "ReLU가 도움이 되지만, 여전히 초기 가중치가 결과를 좌우한다",
    "ls_relu_body": (
        "ReLU는 유닛이 켜져 있는 곳에서 기울기가 1이므로, 활성화 함수 때문에 기울기가 "
        "줄어들지는 않습니다. 하지만 층마다 신호에 가중치가 곱해지는 것은 그대로입니다. "
        "N(0, 0.01²)로 시작하면 신호가 층마다 약 12배씩 줄어 사라지고, N(0, 1)로 시작하면 "
        "층마다 약 8배씩 커져 폭발합니다. ReLU에 맞게 층의 너비로 크기를 정한 가중치(7단계의 "
        "He 초기화)는 신호를 일정하게 유지합니다. 같은 신경망, 같은 데이터이고 다른 것은 초기 가중치뿐입니다."
    ),
    "ls_relu_chart": "초기화 직후의 ReLU 층 10개: 가중치의 크기가 결과를 정한다",
    # step 3
    "ls_zeros_short": "0 초기화",
    "ls_zeros_title": "가중치를 모두 0으로 두면: 아무것도 학습되지 않는다",
    "ls_zeros_body": (
        "모든 가중치를 0에서 시작하면 어떻게 될까요? 모든 ReLU 유닛의 출력이 0이 되고, "
        "역전파는 돌아오는 길에 그 0인 가중치를 곱하므로 모든 은닉층에 도달하는 기울기가 "
        "정확히 0입니다. 은닉층 가중치는 전혀 바뀌지 않고 정확도는 찍어서 맞히는 수준에 "
        "머뭅니다. 게다가 한 층의 유닛들은 똑같이 시작해 똑같이 업데이트되므로 서로의 "
        "복사본으로 남습니다. 유닛 32개짜리 층이 유닛 하나처럼 동작하는 셈입니다. 무작위로 "
        "시작하기만 하면 이 대칭이 깨집니다."
    ),
    "ls_zeros_grads": "각 층에 도달하는 기울기, epoch별 (회색: 정확히 0)",
    "ls_zeros_caption": (
        "같은 신경망(유닛 32개짜리 ReLU 은닉층 3개), 같은 데이터 분할, 같은 미니배치이고 "
        "초기 가중치만 다릅니다. 아래 차트에서 각 행은 층(‘out’은 출력층), 각 열은 epoch입니다."
    ),
    # step 4
    "ls_rbm_short": "RBM",
    "ls_rbm_title": "Hinton (2006): RBM은 입력을 인코딩하고 다시 복원하도록 학습한다",
    "ls_rbm_body": (
        "2006년 Hinton의 해법은 레이블 없이 먼저 좋은 초기 가중치를 찾는 것이었습니다. "
        "RBM(Restricted Boltzmann Machine)은 가중치 행렬 W 하나로 연결된 두 층뿐인 "
        "네트워크입니다. 이미지가 W를 거쳐 올라가며 은닉 유닛을 켜고(인코딩), 같은 W가 그 "
        "패턴을 다시 아래로 보내 이미지를 다시 그립니다(디코딩). 학습은 다시 그린 이미지가 "
        "원본과 같아지도록 W를 조금씩 고칩니다. 아래는 RBM이 한 번도 보지 못한 숫자들을 "
        "1 epoch 후와 10 epoch 후에 다시 그린 결과입니다."
    ),
    "ls_rbm_originals": "학습에 쓰지 않은 숫자",
    "ls_rbm_after_1": "1 epoch 후 복원",
    "ls_rbm_after": "{epochs} epoch 후 복원",
    "ls_rbm_caption": (
        "8×8 숫자에 대한 은닉 유닛 {hidden}개짜리 RBM: 각 그림은 h = p(h | v)일 때의 "
        "p(v | h)로, W를 거쳐 올라갔다가 같은 W를 거쳐 내려온 결과입니다. 픽셀은 부드럽게 "
        "보간하지 않고 네모 그대로 그렸습니다."
    ),
    "ls_rbm_chart": "epoch별 복원 오차",
    # step 5
    "ls_dbn_short": "DBN",
    "ls_dbn_title": "Deep Belief Network: 층별로 사전 학습한 뒤 미세 조정한다",
    "ls_dbn_body": (
        "DBN은 RBM을 쌓은 것입니다. 첫 번째 RBM은 픽셀을, 두 번째 RBM은 첫 번째의 은닉 "
        "활동을 학습하는 식으로, 인접한 두 층씩 차례로 학습하며 여전히 레이블은 쓰지 "
        "않습니다. 이렇게 얻은 가중치를 평범한 시그모이드 신경망의 초기값으로 쓰고, 그다음 "
        "레이블을 사용해 역전파로 미세 조정(fine-tuning)합니다. 같은 신경망, 같은 데이터, "
        "같은 미세 조정인데도 사전 학습한 초기값에서는 학습이 되고, 작은 무작위 가중치 "
        "N(0, 0.01²)에서는 찍어서 맞히는 수준에 머뭅니다."
    ),
    "ls_dbn_run_dbn": "RBM 사전 학습 (DBN)",
    "ls_dbn_run_normal": "무작위 N(0, 0.01²)",
    "ls_dbn_m_dbn": "검증 정확도, 사전 학습",
    "ls_dbn_m_normal": "검증 정확도, 무작위 시작",
    "ls_dbn_chart": "은닉층 3개짜리 시그모이드 신경망의 미세 조정: 사전 학습 vs 무작위",
    "ls_dbn_layers": "사전 학습한 층들이 기억하는 것: k개 층을 올라갔다 다시 내려온 숫자",
    "ls_dbn_input": "검증용 숫자",
    "ls_dbn_up": "{k}층 올라갔다 내려옴",
    "ls_dbn_caption": (
        "실선: 검증 데이터, 점선: 학습 데이터. 그림은 레이블을 쓰기 전에 각 층이 이미지에서 "
        "무엇을 간직하도록 학습했는지 보여 줍니다."
    ),
    # step 6
    "ls_xavier_short": "Xavier",
    "ls_xavier_title": "Xavier/Glorot 초기화 (2010): 입력 수와 출력 수에 맞춘 크기",
    "ls_xavier_body": (
        "강의는 이어서, 간단한 공식 하나가 사전 학습만큼 잘 된다고 말합니다. 층의 입력 "
        "수와 출력 수에 따라 퍼짐이 정해지는 무작위 가중치를 쓰는 것입니다. 강의의 코드는 "
        "√fan_in으로 나누는데, 엄밀히는 LeCun의 규칙(1998)입니다. Glorot과 Bengio의 논문은 "
        "분산 2/(fan_in + fan_out)을 균등분포 U(±√(6/(fan_in + fan_out)))에서 뽑고, "
        "라이브러리들은 같은 분산의 정규분포도 제공합니다. prettytensor의 절단 정규분포는 "
        "비슷하지만 같지는 않습니다: σ = √(3/(fan_in + fan_out))으로 뽑고 2σ를 넘는 값을 다시 "
        "뽑으므로, 분산은 약 2.32/(fan_in + fan_out)(퍼짐이 8 % 더 큼)이고 값의 범위는 "
        "균등분포의 ±√(6/…)이 아니라 ±√(12/(fan_in + fan_out))입니다. 아래는 숫자 데이터 "
        "신경망의 첫 층을 네 가지 방법으로 뽑은 결과입니다: 모양은 서로 다르고, Glorot 방식의 "
        "세 가지는 퍼짐이 거의 같지만 강의의 방식은 (출력 256개를 무시하므로) 더 넓게 퍼지며, "
        "tanh 층 10개를 지나도 네 방법 모두 신호를 살려 둡니다."
    ),
    "ls_xavier_formulas": (
        "첫 번째 공식이 강의에서 ‘Xavier’라고 부른 코드입니다. 다음 둘은 논문의 분산 "
        "2/(n_in + n_out)을 정규분포와 균등분포로 쓴 것이고, 마지막은 prettytensor의 절단 "
        "정규분포입니다: σ = √(3/(n_in + n_out))에서 2σ를 넘는 값을 다시 뽑으므로 분산은 약 "
        "2.32/(n_in + n_out), 범위는 ±√(12/(n_in + n_out))입니다."
    ),
    "ls_xavier_chart": "한 층의 초기 가중치 (입력 {fan_in}개 → 유닛 {fan_out}개), 네 가지 방법",
    "ls_xavier_chart_profile": "초기화 직후의 tanh 층 10개",
    # step 7
    "ls_he_short": "He",
    "ls_he_title": "He 초기화 (2015): ReLU에는 두 배의 분산이 필요하다",
    "ls_he_body": (
        "ReLU는 입력의 약 절반을 0으로 만들고, 그래서 층마다 신호의 분산이 절반이 됩니다: "
        "Var[y_l] = ½ · n_l · Var[w_l] · Var[y_(l−1)]. Xavier의 Var[w] = 1/n(너비가 같을 때)"
        "이면 층마다 ½배가 되어, 30개 층을 지나면 신호도 기울기도 거의 남지 않습니다. He 등은 "
        "분산을 두 배인 Var[w] = 2/n으로 했는데, 이것이 강의의 randn / √(fan_in / 2)입니다. "
        "그러면 곱해지는 값이 정확히 1이 되어 30개 층 내내 신호가 일정하게 유지됩니다."
    ),
    "ls_he_chart": "초기화 직후의 ReLU 층 30개: Xavier vs He",
    # step 8
    "ls_compare_short": "비교",
    "ls_compare_title": "여러 가지를 시도하고, 내 데이터에서 가장 잘 되는 것을 쓰자",
    "ls_compare_body": (
        "어디서나 최고인 공식은 없습니다. 좋은 초기값은 활성화 함수, 깊이, 데이터에 따라 "
        "달라지며 지금도 연구가 이어지는 분야입니다. 강의의 실용적인 조언은 몇 가지 후보를 "
        "시도해 보고, 내 데이터에서 가장 잘 학습되는 것을 쓰라는 것입니다. 여기서는 작은 "
        "ReLU 신경망(유닛 32개 × 3층)을 다섯 가지 초기값에서 숫자 데이터로 10 epoch씩 학습합니다."
    ),
    # step 9, beyond the lecture
    "ls_beyond": "강의 너머",
    "ls_map_short": "지도",
    "ls_map_title": "강의 너머: 혼돈의 가장자리(edge of chaos)와 그 위의 모든 초기화",
    "ls_map_body": (
        "지금까지의 단계는 한 번에 한 설정만 보았습니다. 여기서는 전체 그림을 봅니다. 가로축은 "
        "가중치 크기 σ_w, 세로축은 층이고, 색은 각 층에 기울기가 얼마나 남았는지를 나타냅니다. "
        "평균장 이론(Poole 외 2016; Schoenholz 외 2017)은 기울기가 살아남는 좁은 띠, 곧 "
        "χ₁ = 1인 혼돈의 가장자리를 예측합니다. 그보다 아래에서는 기울기가 사라지고, 위에서는 "
        "폭발합니다. tanh의 가장자리는 σ_w = 1로 LeCun과 Xavier 공식이 가중치를 두는 곳이고, "
        "ReLU의 가장자리는 √2로 정확히 He의 값입니다."
    ),
    "ls_map_caption": (
        "각 열은 그 σ_w에서 유닛 128개짜리 30층 신경망을 한 번 추적한 결과입니다. 흰색: 기울기가 "
        "출력층의 10배 안에 머묾, 파란색: 사라짐, 주황색: 폭발. 실선은 이론의 가장자리, 점선은 "
        "이론이 10배 변화를 예측하는 층이고, 위의 삼각형들이 초기화 방법입니다."
    ),
    "ls_try_map": (
        "ReLU의 전체 지도(50층 × 유닛 256개)로 지도 탭을 엽니다. 그곳에서 활성화 함수, 너비, "
        "범위를 바꾸거나 아무 초기화나 신호 탭에서 열어 볼 수 있습니다."
    ),
    # --- end lesson tab ---,
    # runs through the server's job service (Training, RBM and DBN tabs)
    "run_cached": "같은 설정으로 이 세션이나 다른 세션이 앞서 실행한 결과입니다 (다시 학습하지 않았습니다).",
    "run_progress": "{total}개 중 {done}개 완료 · {parts}",
    "run_running": "{label}: {where}",
    "run_starting": "{label}: 시작하는 중",
    "run_queued_ahead": "{n}개 대기 중, 앞에 다른 사람의 실행 {ahead}개",
    "run_queued_next": "{n}개 대기 중, 다음 차례",
    "tr_where": "epoch {epoch} / {epochs}",
    "tr_where_pre": "사전 학습 {layer}/{layers}층, epoch {epoch} / {epochs}",
    "tr_run_cancelled": "{label}: 시작하기 전에 멈췄습니다.",
    "tr_run_failed": "{label} 실패: {error}",
    "rbm_run_label": "RBM (은닉 유닛 {hidden}개)",
    "rbm_run_where": "epoch {epoch} / {epochs} ({seconds:.1f}초)",
    "dbn_run_label": "DBN ({layers}층)",
    "sig_computing": "신경망을 추적하는 중…",
    "err_url_repeated": "{n}번 주어졌습니다. 마지막 값 {used}를 씁니다.",
    "err_url_cmp_count": "비교에는 쉼표로 구분한 초기화 방법 2–5개가 필요합니다. 받은 수: {n}.",
    "err_url_cmp_twice": "비교 목록에 같은 초기화 방법이 두 번 있습니다.",
    "field_lang": "언어",
    "field_present": "발표 모드",
    "field_tab": "탭",
    "field_step": "강의 단계",
    "field_mode": "보기",
    "field_switch": "스위치",
    "err_jobs_queue_full": (
        "실행 {waiting}개가 대기 중입니다. 한 번에 최대 {most}개까지 기다릴 수 있습니다. "
        "시작될 때까지 기다리거나 **멈춤**을 누르세요."
    ),
    "err_jobs_too_big": (
        "이 계산에는 약 {mb:,.0f} MB가 필요합니다. 서버는 {limit:,.0f} MB 안에서 작업을 "
        "실행합니다. 더 작은 설정을 쓰세요."
    ),
    "err_jobs_failed": "계산에 실패했습니다: {reason}",
    # --- map tab (explorer/ui/tabs/map.py) ---
    "tab_map": "지도",
    "sb_for_map": "지도 탭은 자체 설정을 씁니다. 여기서는 시드만 가져갑니다.",
    "map_intro": (
        "**강의 너머: 혼돈의 가장자리(edge of chaos) 지도.** 가로축은 가중치 크기 σ_w "
        "(W ~ N(0, σ_w²/n)), 세로축은 층이고, 색은 각 층에 기울기가 얼마나 남았는지를 나타냅니다. "
        "각 열은 같은 배치와 같은 시드로 순전파와 역전파를 한 번 추적한 신경망 하나입니다. "
        "평균장 이론(Poole 외 2016; Schoenholz 외 2017)은 신호가 살아남는 좁은 띠, 곧 "
        "*혼돈의 가장자리*를 예측합니다. 모든 초기화 방법은 이 지도 어딘가에 놓입니다."
    ),
    "map_act": "활성화 함수",
    "map_width": "너비 (층당 유닛 수)",
    "map_width_help": "모든 은닉층의 유닛 수, {lo}에서 {hi}까지. 가우시안 입력도 같은 차원입니다.",
    "map_depth": "깊이 (은닉층 수)",
    "map_depth_help": "은닉층 {lo}에서 {hi}개까지.",
    "map_lo": "가장 작은 σ_w",
    "map_hi": "가장 큰 σ_w",
    "map_range_help": "지도의 σ_w 축: 가장 작은 값에서 가장 큰 값까지의 로그 격자이며, 두 값 모두 {lo:g}에서 {hi:g} 사이입니다.",
    "map_sb": "편향 크기 σ_b",
    "map_sb_help": "편향 ~ N(0, σ_b²), {lo:g}에서 {hi:g}까지. 강의의 신경망에는 편향이 없습니다(0). 편향이 있으면 혼돈의 가장자리가 더 큰 σ_w로 옮겨 갑니다.",
    "map_q": "색",
    "map_q_gradient": "남은 기울기",
    "map_q_activation": "활성값 표준편차",
    "map_more": "추가 설정",
    "map_n": "σ_w 값의 개수",
    "map_n_help": "지도의 열 수, {lo}에서 {hi}까지. 많을수록 오래 걸립니다.",
    "map_batch": "배치 크기",
    "map_dtype": "정밀도",
    "map_dtype_help": (
        "float32가 약 두 배 빠릅니다. float64는 훨씬 작은 값과 큰 값까지 담으므로 "
        "“정확히 0”이나 “오버플로”로 끝나는 칸이 줄어듭니다."
    ),
    "map_error_title": "이 지도는 계산할 수 없습니다",
    "map_starting": "지도를 시작하는 중…",
    "map_queued": "서버를 기다리는 중: 앞에 계산 {ahead}개",
    "map_progress": "σ_w 값 {total}개 중 {done}번째에서 신경망을 추적하는 중…",
    "map_stopped": "계산이 멈췄습니다. 설정을 바꾸거나 페이지를 새로 고치면 다시 계산합니다.",
    "map_chart_title_gradient": "{act}: 각 층에 남은 기울기 ({depth}층 × 유닛 {width}개)",
    "map_chart_title_activation": "{act}: 각 층의 활성값 표준편차 ({depth}층 × 유닛 {width}개)",
    "map_chart_subtitle": "열마다 추적 한 번: 가우시안 입력 배치 {batch}개, {dtype}, σ_b = {sb:g}",
    "map_m_theory": "혼돈의 가장자리, 이론",
    "map_m_theory_help": "χ₁ = σ_w² E[φ′(√q* z)²] = 1이 되는 σ_w. 구적법으로 계산합니다(표본 추출 없음).",
    "map_m_measured": "혼돈의 가장자리, 측정",
    "map_m_measured_help": (
        "출력에 가까운 절반의 층(순전파 신호가 자리 잡은 곳)에서 맞춘 층당 기울기 배율이 "
        "1을 지나는 곳."
    ),
    "map_m_none": "범위 안에 없음",
    "map_m_he": "He의 χ₁",
    "map_m_lecun": "LeCun(= Xavier)의 χ₁",
    "map_m_chi_help": (
        "평균 제곱 기울기가 입력 쪽으로 한 층 갈 때마다 곱해지는 배율: 1보다 작으면 사라지고, "
        "크면 폭발하며, 1이 가장자리입니다."
    ),
    "map_edge_outside": (
        "σ_b = {sb:g}인 {act}의 혼돈의 가장자리는 σ_w ≈ {crit:.3g}로, 이 지도의 범위"
        "({lo:g} – {hi:g}) 밖에 있습니다. 보려면 범위를 넓히세요."
    ),
    "map_edge_none": (
        "σ_b = {sb:g}인 {act}는 σ_w가 0.01에서 1000 사이 어디서든 χ₁이 1의 한쪽에만 "
        "머뭅니다. 찾을 혼돈의 가장자리가 없습니다."
    ),
    "map_caption_gradient": (
        "색: 각 은닉층의 ‖∂L/∂z‖를 출력층의 값으로 나눈 비(자릿수 단위). 파란색: 기울기가 "
        "내려오는 길에 사라짐, 주황색: 폭발함, 흰색: 출력층의 10배 안에 머물러 신호가 살아남음. "
        "실선: 이론의 혼돈의 가장자리(χ₁ = 1), 파선: 측정한 지도가 그것을 지나는 곳, 점선: "
        "이론이 10배 변화를 예측하는 층(출력층에서 2·ln 10·|ξ∇|층 아래). 보라색 칸은 정확히 "
        "0(수가 언더플로했거나 유닛이 죽음), 검은색 칸은 오버플로입니다. 칸 위에 마우스를 "
        "올리면 값이 보입니다."
    ),
    "map_caption_activation": (
        "색: 각 은닉층 활성값의 표준편차. 파란색: 깊어질수록 신호가 0으로 줄어듦, 주황색: "
        "커짐, 흰색: 0.1과 10 사이에 머묾. tanh와 시그모이드는 혼돈 쪽에서 폭발하는 대신 "
        "포화합니다(표준편차가 1 근처). 그 폭발은 *기울기* 보기에서 보입니다. 보라색: 정확히 "
        "0, 검은색: 오버플로."
    ),
    "map_try_title": "초기화 방법을 신호 탭에서 열기",
    "map_try_pick": "초기화 방법",
    "map_try_option": "{name} · σ_w = {sigma}",
    "map_try_button": "신호 탭에서 열기",
    "map_try_help": (
        "이 활성화 함수, 신경망(같은 너비의 가우시안 입력), 배치, 정밀도, 초기화 방법을 "
        "사이드바에 불러오고 신호 탭을 엽니다. 이 σ_w에서의 지도 열을 층별로 보여 줍니다."
    ),
    "map_table_title": "지도 위의 모든 초기화 방법 (너비 {width})",
    "map_col_init": "초기화 방법",
    "map_col_sigma": "σ_w",
    "map_col_chi": "χ₁ (이론)",
    "map_col_phase": "상(phase)",
    "map_col_layers": "기울기가 10배 바뀌는 층 수",
    "map_phase_ordered": "질서: 기울기 소실",
    "map_phase_edge": "가장자리 위",
    "map_phase_chaotic": "혼돈: 기울기 폭발",
    "map_phase_dead": "신호가 전혀 없음",
    "map_table_caption": (
        "σ_w = 공식의 표준편차 × √너비, 곧 Var[W] = σ_w²/너비. zeros는 0, N(0, 0.01²)는 "
        "0.01·√너비, LeCun은 1, Xavier는 너비가 같을 때 √(2·n_in/(n_in+n_out)) = 1, He는 "
        "√2입니다. 마지막 열은 2·ln 10/|ln χ₁|, 곧 기울기 노름이 10배 바뀌는 데 걸리는 층 "
        "수입니다."
    ),
    "map_theory_title": "지도에 그린 이론과 그 가정",
    "map_assumptions": (
        "선들은 평균장 이론에서 나오며, 표본 추출 없이 가우시안 구적법으로 계산합니다. "
        "이론은 다음을 가정합니다.\n"
        "- **무한한 너비**: 각 사전 활성값은 독립적인 항 여럿의 합이므로 가우시안이고, 층이 "
        "그 분산 q를 다음 층으로 넘깁니다.\n"
        "- **독립적인 가우시안 가중치와 편향**, W ~ N(0, σ_w²/n), b ~ N(0, σ_b²), 그리고 "
        "분산 지도의 고정점 q*에 자리 잡은 신호.\n"
        "- **순전파와 독립인 기울기**: 역전파 길에서 만나는 가중치를 새로 뽑은 것처럼 "
        "다룹니다.\n\n"
        "너비 256에서는 이 가정이 잘 맞습니다. q가 자리 잡기 전인 입력 근처나 너비가 작을 "
        "때는 측정값이 선에서 벗어납니다."
    ),
    "map_theory_caption": (
        "q: 사전 활성값의 분산, χ₁: 역전파가 층마다 평균 제곱 기울기에 곱하는 배율, "
        "ξ∇: 기울기의 깊이 척도, Δl₁₀×: 기울기 노름이 10배 바뀌는 데 걸리는 층 수. "
        "L은 은닉층 수이고 출력층은 L + 1번째입니다."
    ),
    "map_refs": (
        "**참고 문헌.** Poole, Lahiri, Raghu, Sohl-Dickstein, Ganguli (2016), *Exponential "
        "expressivity in deep neural networks through transient chaos*, NeurIPS (분산 지도, "
        "q*, χ₁, 질서에서 혼돈으로의 전이). Schoenholz, Gilmer, Ganguli, Sohl-Dickstein "
        "(2017), *Deep information propagation*, ICLR (기울기: ξ∇ = −1/ln χ₁, 질서 상에서는 "
        "소실, 혼돈 상에서는 폭발)."
    ),
    "map_init_zeros": "0 (zeros)",
    "map_init_standard_uniform": "표준 균등 U(±1/√n)",
    "map_init_lecun_normal": "LeCun",
    "map_init_lecun_uniform": "LeCun",
    "map_init_xavier_uniform": "Xavier",
    "map_init_xavier_normal": "Xavier",
    "map_init_xavier_truncated": "Xavier 절단",
    "map_init_he_normal": "He",
    "map_init_he_uniform": "He",
    "map_init_orthogonal": "직교",
    # chart words (explorer.analysis.charts.MAP_WORDS)
    "mapc_x_title": "가중치 크기 σ_w   (W ~ N(0, σ_w²/n), 로그 눈금)",
    "mapc_y_title": "은닉층 (1 = 입력 바로 다음)",
    "mapc_legend_gradient": "‖∂L/∂z‖ ÷ 출력층의 ‖∂L/∂z‖",
    "mapc_legend_activation": "활성값 표준편차",
    "mapc_center_gradient": "10배 이내 (살아남음)",
    "mapc_center_activation": "0.1 – 10 (크기 유지)",
    "mapc_zero": "정확히 0 (언더플로 또는 죽은 유닛)",
    "mapc_overflow": "오버플로 (inf 또는 NaN)",
    "mapc_lines": "선",
    "mapc_crit_theory": "혼돈의 가장자리, 이론 (χ₁ = 1)",
    "mapc_crit_measured": "혼돈의 가장자리, 측정",
    "mapc_decade": "이론: 기울기가 10배 작아지거나 커지는 층",
    "mapc_off_left": "← {label}: σ_w = {value}",
    "mapc_off_right": "{label}: σ_w = {value} →",
    "mapc_tip_sigma": "σ_w",
    "mapc_tip_layer": "층",
    "mapc_tip_ratio": "출력층 대비 비",
    "mapc_tip_std": "활성값 표준편차",
    "mapc_tip_init": "초기화 방법",
    # the map's errors (explorer.services.maps) and settings (errors.FIELDS["map_*"])
    "err_map_range": "σ_w 범위가 비어 있습니다: 가장 작은 σ_w({lo:g})가 가장 큰 σ_w({hi:g})보다 작아야 합니다.",
    "err_map_memory": (
        "이 지도는 {depth}층 × 유닛 {width}개인 신경망 하나를 추적하는 데(배치 {batch}, "
        "{dtype}) 약 {mb:,.0f} MB가 필요합니다. 한도는 {limit} MB입니다. 층 수나 너비, 배치를 "
        "줄이거나 float32를 쓰세요."
    ),
    "err_map_work": (
        "이 지도는 기본 지도의 {factor:.1f}배 계산입니다(한도는 {limit:g}배): σ_w 값 "
        "{n_sigma}개 × {depth}층 × 너비 {width} × 배치 {batch}. 너비, σ_w 값의 개수, 층 수, "
        "배치 중 하나를 줄이세요."
    ),
    "field_map_activation": "활성화 함수",
    "field_map_width": "너비",
    "field_map_depth": "깊이",
    "field_map_sigma_lo": "가장 작은 σ_w",
    "field_map_sigma_hi": "가장 큰 σ_w",
    "field_map_n_sigma": "σ_w 값의 개수",
    "field_map_sigma_b": "편향 크기 σ_b",
    "field_map_batch": "배치 크기",
    "field_map_seed": "시드",
    "field_map_dtype": "정밀도",
    "field_map_quantity": "색",
    # --- end map tab ---
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
#: What each initializer is for (the engine's Initializer.note), and its reference: citations
#: as published, the two descriptions translated.
KO.update({f"init_ref_{k}": init.reference for k, init in INITIALIZERS.items()})
KO.update(
    {
        "init_note_zeros": (
            "모든 은닉 유닛이 같은 값을 계산하고 같은 업데이트를 받습니다. 은닉층 가중치에 "
            "도달하는 기울기는 정확히 0입니다."
        ),
        "init_note_normal": (
            "고정된 σ는 층의 폭을 무시합니다. 너무 작으면 신호가 층마다 줄어들고, 너무 크면 "
            "폭발하거나 포화됩니다."
        ),
        "init_note_uniform": "고정된 정규분포처럼, 그 크기가 층의 폭을 따르지 않습니다.",
        "init_note_standard_uniform": (
            "분산 1/(3 n_in)은 신호를 일정하게 지키는 값의 3분의 1이라, 역전파되는 기울기가 "
            "입력층 쪽으로 갈수록 줄어듭니다."
        ),
        "init_note_lecun_normal": (
            "강의가 Xavier라고 부르는 코드입니다. sqrt(fan_in)으로만 나눕니다. Glorot과 "
            "Bengio의 식은 fan_in + fan_out을 씁니다(xavier_* 참고)."
        ),
        "init_note_lecun_uniform": "LeCun의 분산 1/fan_in을 가진 균등분포입니다.",
        "init_note_xavier_uniform": (
            "논문의 '정규화된 초기화'입니다. prettytensor의 xavier_init(uniform=True)와 같습니다."
        ),
        "init_note_xavier_normal": (
            "순방향(1/n_in)과 역방향(1/n_out) 분산을 일정하게 지키는 두 조건 사이의 절충입니다."
        ),
        "init_note_xavier_truncated": (
            "2σ 밖의 값은 다시 뽑으므로 표준편차는 0.88σ ≈ sqrt(2.32/(in+out))로, "
            "논문의 분산에 가깝습니다."
        ),
        "init_note_he_normal": (
            "ReLU는 입력의 절반을 0으로 만들므로 분산을 두 배로 해서 보상합니다: "
            "Var[y_l] = ½·n_l·Var[w_l]·Var[y_(l-1)]이 일정하게 유지됩니다."
        ),
        "init_note_he_uniform": "He의 분산 2/fan_in을 가진 균등분포입니다.",
        "init_note_orthogonal": (
            "모든 특잇값이 g입니다. g = 1이면 선형 신경망은 신호를 줄이지도 늘리지도 않습니다. "
            "ReLU에는 g = √2를 쓰세요."
        ),
        "init_ref_zeros": "강의의 첫 번째 (실패한) 시도.",
        "init_ref_uniform": "고정 폭 균등분포: 모든 층에서 같은 a.",
    }
)
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
