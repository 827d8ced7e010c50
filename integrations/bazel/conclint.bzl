"""conclint for Bazel: one cacheable, hermetic action per C++ source.

conclint_aspect, applied to cc_library / cc_binary / cc_test targets (and,
through `deps`, to everything they depend on), runs the conclint driver on
each C++ source as one action whose inputs are the source, the headers it
can see, the .clang-tidy configuration and the conclint binary, and whose
outputs are a results file (paths relative to the workspace, deterministic
bytes) and a readable text report. So Bazel caches each TU's analysis
(locally, in a --disk_cache or a remote cache) and can run it remotely.

Output groups, in the way rules_lint names its own:
  conclint_machine  the results files (`conclint merge` reads them); each
                    carries its TU's project-wide summary (docs/summaries.md)
  conclint_summaries the same files, named for what the link reads
  conclint_human    the text reports
  conclint_report   both

conclint_report(name, deps) merges every results file of a binary's
transitive closure into one report (`conclint merge --union`): the link
step, where the per-TU summaries are merged and the project-wide findings
(a coroutine in one library reaching a blocking call in another, a race
across TUs) are computed.
"""

_CC_EXTENSIONS = [".cc", ".cpp", ".cxx", ".c++", ".C", ".c"]

ConclintInfo = provider(
    doc = "The conclint results of a target and everything below it.",
    fields = {
        "results": "depset of results files",
        "texts": "depset of text reports",
    },
)

def _is_source(f):
    for ext in _CC_EXTENSIONS:
        if f.basename.endswith(ext):
            return True
    return False

def _compiler_args(target, ctx):
    cc = target[CcInfo].compilation_context
    args = []
    for d in cc.defines.to_list():
        args.append("-D" + d)
    for d in cc.local_defines.to_list() if hasattr(cc, "local_defines") else []:
        args.append("-D" + d)
    for i in cc.quote_includes.to_list():
        args += ["-iquote", i]
    for i in cc.includes.to_list():
        args += ["-I", i]
    for i in cc.system_includes.to_list():
        args += ["-isystem", i]
    for i in getattr(cc, "framework_includes", depset()).to_list():
        args += ["-F", i]
    args += ctx.fragments.cpp.copts
    args += ctx.fragments.cpp.cxxopts
    args += getattr(ctx.rule.attr, "copts", [])
    return args

def _conclint_aspect_impl(target, ctx):
    deps = []
    for attr in ("deps", "implementation_deps"):
        for d in getattr(ctx.rule.attr, attr, []):
            if ConclintInfo in d:
                deps.append(d[ConclintInfo])
    results = []
    texts = []
    if CcInfo in target and hasattr(ctx.rule.attr, "srcs"):
        headers = target[CcInfo].compilation_context.headers
        conclint = ctx.executable._conclint
        config = ctx.file._config
        args = _compiler_args(target, ctx)
        for src_target in ctx.rule.attr.srcs:
            for src in src_target.files.to_list():
                if not _is_source(src):
                    continue
                stem = "{}.{}".format(target.label.name, src.short_path.replace("/", "_"))
                out = ctx.actions.declare_file("conclint/" + stem + ".results.json")
                text = ctx.actions.declare_file("conclint/" + stem + ".txt")
                ctx.actions.run(
                    executable = ctx.executable._action,
                    arguments = [conclint.path, out.path, text.path, src.path, "--"] + args,
                    inputs = depset([src, config], transitive = [headers]),
                    tools = [conclint],
                    outputs = [out, text],
                    mnemonic = "ConclintAnalyze",
                    progress_message = "conclint %s" % src.short_path,
                    # No network and no machine state: the same inputs give
                    # the same bytes on any machine.
                    execution_requirements = {"block-network": "1"},
                )
                results.append(out)
                texts.append(text)
    all_results = depset(results, transitive = [d.results for d in deps])
    all_texts = depset(texts, transitive = [d.texts for d in deps])
    return [
        ConclintInfo(results = all_results, texts = all_texts),
        OutputGroupInfo(
            conclint_machine = all_results,
            conclint_summaries = all_results,
            conclint_human = all_texts,
            conclint_report = depset(transitive = [all_results, all_texts]),
        ),
    ]

conclint_aspect = aspect(
    implementation = _conclint_aspect_impl,
    attr_aspects = ["deps", "implementation_deps"],
    fragments = ["cpp"],
    attrs = {
        "_conclint": attr.label(
            default = Label("//:conclint"),
            executable = True,
            cfg = "exec",
            allow_single_file = True,
        ),
        "_config": attr.label(
            default = Label("//:config"),
            allow_single_file = True,
        ),
        "_action": attr.label(
            default = Label("//:conclint_action.sh"),
            executable = True,
            cfg = "exec",
            allow_single_file = True,
        ),
    },
)

def _conclint_report_impl(ctx):
    results = depset(transitive = [d[ConclintInfo].results for d in ctx.attr.deps])
    out = ctx.actions.declare_file(ctx.label.name + "." + ctx.attr.format)
    ctx.actions.run_shell(
        command = '"$1" merge --union --project-root="$(pwd)" --format="$2" -o "$3" "${@:4}" 2>/dev/null || [ $? -eq 1 ]',
        arguments = [ctx.executable._conclint.path, ctx.attr.format, out.path] +
                    [f.path for f in results.to_list()],
        inputs = results,
        tools = [ctx.executable._conclint],
        outputs = [out],
        mnemonic = "ConclintMerge",
        progress_message = "conclint merge %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([out]))]

conclint_report = rule(
    implementation = _conclint_report_impl,
    doc = "One report over the conclint results of deps and all they depend on.",
    attrs = {
        "deps": attr.label_list(aspects = [conclint_aspect]),
        "format": attr.string(
            default = "json",
            values = ["text", "json", "sarif", "github", "gitlab", "sonarqube", "codechecker"],
        ),
        "_conclint": attr.label(
            default = Label("//:conclint"),
            executable = True,
            cfg = "exec",
            allow_single_file = True,
        ),
    },
)
