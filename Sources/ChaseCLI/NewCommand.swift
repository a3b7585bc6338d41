import ArgumentParser
import ChaseArguments
import Chase
import ChaseCore
import Foundation

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a new task file with the next free id.",
        subcommands: [NewTaskCommand.self]
    )
}

struct NewTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Write queue/<ID>.md with the next free id for its prefix; never replaces a file.",
        discussion: """
        The id's prefix comes from the type (content → CONTENT, lore → LORE, …) unless --prefix \
        says otherwise; its number is one more than the highest any file in queue/ has, at the \
        branch head or in the work tree. The file is valid as written (status pending; the bot \
        fills assignee and created); commit it to hand it to the bot.

        Examples:
          chase new task --type content --content-type tweet --title "Ika personality tweet #7"
          chase new task --type lore --title "Senpai mystery, part 2" --priority P1
          chase new task --type content --content-type thread --title "Lore recap" --depends-on LORE-003 --depends-on LORE-004
          chase new task --type ops --prefix INFRA --title "Rotate the webhook secret" --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The kind of work; it names the id's prefix.", valueName: "TYPE"))
    var type: TaskType

    @Option(name: .long, help: "The task's title.")
    var title: String

    @Option(name: .long, help: ArgumentHelp("What a content task makes (tweet, thread, discord, banner, novel, …); it routes the task.", valueName: "KIND"))
    var contentType: String?

    @Option(name: .long, help: ArgumentHelp("P0 (most urgent) to P3.", valueName: "P0-P3"))
    var priority: Priority = .p2

    @Option(name: .long, help: ArgumentHelp("1, 2 or 3: which reviews a content task gets (default from the config).", valueName: "TIER"))
    var reviewTier: Int?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A task this one waits for; repeat for several, or separate with commas.", valueName: "ID"))
    var dependsOn: [String] = []

    @Option(name: .long, help: ArgumentHelp("The id prefix (default: the type in capitals).", valueName: "PREFIX"))
    var prefix: String?

    @Option(name: .long, help: "The brief: the file's Markdown body.")
    var body: String = ""

    func validate() throws {
        if let reviewTier, !(1...3).contains(reviewTier) { throw ValidationError("--review-tier \(reviewTier) is not 1, 2 or 3") }
    }

    func run() throws {
        let deps = dependsOn.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let request = NewTaskFile.Request(title: title, type: type, contentType: contentType?.lowercased(), priority: priority,
                                          dependsOn: deps, reviewTier: reviewTier, body: body)
        let created = try TaskCreation.create(request, prefix: prefix?.uppercased(), repoPath: common.repo)
        if common.json { printJSON(created); return }
        print("created \(created.path) (\(created.id)); commit it to hand it to the bot")
    }
}
