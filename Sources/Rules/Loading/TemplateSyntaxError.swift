/// Why a template's placeholders do not parse.
package struct TemplateSyntaxError: Error, Hashable, Sendable {
    package var message: String
}
