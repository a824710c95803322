# Writes OUT (a header) with TRAILSCAN_COMMIT: COMMIT if given (a build from
# a tarball, a package), else the source tree's git HEAD, "-dirty" when
# tracked files differ from it, else "unknown".  Run at every build (so the
# commit is never a stale configure-time one); the file is rewritten only
# when it changes, so only main.c recompiles, and only then.
if(NOT COMMIT)
  set(COMMIT "unknown")
  find_program(GIT git)
  if(GIT)
    execute_process(COMMAND ${GIT} -C ${SRC} rev-parse --verify -q HEAD
                    OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE rc ERROR_QUIET)
    if(rc EQUAL 0 AND head MATCHES "^[0-9a-f]+$")
      set(COMMIT ${head})
      execute_process(COMMAND ${GIT} -C ${SRC} status --porcelain --untracked-files=no
                      OUTPUT_VARIABLE changes RESULT_VARIABLE rc ERROR_QUIET)
      if(rc EQUAL 0 AND NOT changes STREQUAL "")
        string(APPEND COMMIT "-dirty")
      endif()
    endif()
  endif()
endif()
set(text "#define TRAILSCAN_COMMIT \"${COMMIT}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUT} "${text}")
endif()
