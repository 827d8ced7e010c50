;;; eglot-probe.el --- open a file under eglot, print flymake's diagnostics
;; Used by test/clangd/emacs-eglot.test: loads the snippet named by
;; $CONCLINT_SNIPPET (the Emacs block of docs/editors.md with the path of
;; conclint-clangd filled in), opens $CONCLINT_FILE, waits for conclint's
;; diagnostics (at most 120 s) and prints each as "line N: TEXT".
(package-initialize)
(load-file (getenv "CONCLINT_SNIPPET"))
(find-file (getenv "CONCLINT_FILE"))
;; eglot-ensure connects from post-command-hook, which batch mode never runs.
(run-hooks 'post-command-hook)
(let ((deadline (+ (float-time) 120)))
  (while (and (< (float-time) deadline)
              (not (seq-some (lambda (d) (string-match-p "conclint-" (format "%s" (flymake-diagnostic-text d))))
                             (flymake-diagnostics))))
    (accept-process-output nil 0.5)
    (ignore-errors (flymake-start))))
(princ (format "managed=%s\n" (eglot-managed-p)))
(dolist (d (flymake-diagnostics))
  (princ (format "line %d: %s\n" (line-number-at-pos (flymake-diagnostic-beg d))
                 (car (split-string (flymake-diagnostic-text d) "\n")))))
(kill-emacs 0)
