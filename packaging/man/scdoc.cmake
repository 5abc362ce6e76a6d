# scdoc.cmake: turns one scdoc page into roff: cmake -DSCDOC=... -DIN=page.1.scd -DOUT=page.1
# -DFOOTER="dockward 1.2.3" -P scdoc.cmake (packaging/man/CMakeLists.txt runs it for each page).
#
# A script rather than a shell redirection in the custom command, so that the build never
# depends on a shell's quoting; and so that a failed scdoc leaves no half-written page behind
# for the next build to take as up to date. @DOCKWARD_FOOTER@ in the page's first line is the
# footer ("dockward VERSION"); scdoc dates the page from SOURCE_DATE_EPOCH when it is set, so
# package builds are reproducible.
foreach(var IN ITEMS SCDOC IN OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "scdoc.cmake: ${var} is not set")
  endif()
endforeach()

file(READ "${IN}" text)
string(REPLACE "@DOCKWARD_FOOTER@" "${FOOTER}" text "${text}")
file(WRITE "${OUT}.scd.tmp" "${text}")
execute_process(COMMAND "${SCDOC}"
                INPUT_FILE "${OUT}.scd.tmp"
                OUTPUT_FILE "${OUT}.tmp"
                ERROR_VARIABLE err
                RESULT_VARIABLE rc)
file(REMOVE "${OUT}.scd.tmp")
if(NOT rc EQUAL 0)
  file(REMOVE "${OUT}.tmp")
  string(STRIP "${err}" err)
  message(FATAL_ERROR "scdoc failed on ${IN}: ${err}")
endif()
file(RENAME "${OUT}.tmp" "${OUT}")
