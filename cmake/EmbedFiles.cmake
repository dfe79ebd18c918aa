# kinet_embed_files(<target> NAMESPACE <fn> BASE <dir> FILES <f>...)
#
# Compiles the given data files (SQL migrations, rule sets) into <target> so
# the `kinet` binary carries them and runs from anywhere. Generates a source
# file defining
#   std::span<const kinet::EmbeddedFile> <fn>();
# (declared in core/embedded.h) listing {relative path, contents} sorted by
# path. Regenerated whenever a listed file changes.
function(kinet_embed_files target)
  cmake_parse_arguments(E "" "NAMESPACE;BASE" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${E_NAMESPACE}_embedded.cc")
  set(abs_files "")
  foreach(f IN LISTS E_FILES)
    list(APPEND abs_files "${E_BASE}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFN=${E_NAMESPACE} -DBASE=${E_BASE}
            "-DFILES=${E_FILES}" -P "${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake"
    DEPENDS ${abs_files} "${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake"
    COMMENT "Embedding ${E_NAMESPACE} data files"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
