import ArgumentParser
import ChaseCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the config, a task's or a review's front matter.",
        discussion: """
        For editors that validate YAML as people type. `chase init` points .chase/config.yml at \\
        the config's schema with a `# yaml-language-server: $schema=…` line (the YAML extension of \\
        VS Code and other editors read it); the schemas are also in Chase's repository, in \\
        schemas/. They describe the keys and values; `chase validate` stays the judge.

        Examples:
          chase schema config > .vscode/chase-config.schema.json
          chase schema task
        """
    )

    @Argument(help: ArgumentHelp("config, task or review.", valueName: "KIND"))
    var kind: JSONSchemas.Kind

    func run() throws {
        print(JSONSchemas.text(kind), terminator: "")
    }
}

extension JSONSchemas.Kind: ExpressibleByArgument {}
