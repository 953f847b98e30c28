# How Starling's two libraries are built and installed (not installed itself; apps use StarlingApp.cmake).
include(GenerateExportHeader)

# A shared library with hidden symbols (only what the export macros mark), versioned while 0.x as
# major.minor: 0.2 and 0.3 are different ABIs (docs/api-policy.md).
function(starling_library_properties target export_name output_name)
    set_target_properties(${target} PROPERTIES
        EXPORT_NAME ${export_name}
        OUTPUT_NAME ${output_name}
        VERSION ${PROJECT_VERSION}
        SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)
    target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()

# The line generate_export_header() adds for <BASE>_PRIVATE_EXPORT: symbols of private headers that Starling's
# other library and its tests use. Not API: they change in any release.
function(starling_private_export_note base_name out_var)
    set(${out_var} "
// Not API: marks what Starling's own libraries and tests use from private headers.
#define ${base_name}_PRIVATE_EXPORT ${base_name}_EXPORT" PARENT_SCOPE)
endfunction()
