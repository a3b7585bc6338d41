import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Maintenance figures: review times, escalations, workload.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase report' is not available yet")
    }
}
