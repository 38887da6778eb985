package fr.maillage.core

import fr.maillage.directory.DirectoryService
import fr.maillage.directory.DirectoryViews.DirectoryQuery
import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand
import fr.maillage.discussion.DiscussionFrames.ReactCommand
import fr.maillage.discussion.DiscussionFrames.ReplyCommand
import fr.maillage.discussion.DiscussionService
import fr.maillage.help.HelpService
import fr.maillage.notification.EmailCallers
import fr.maillage.notification.NotificationService
import fr.maillage.support.Accounts
import fr.maillage.support.StatementCounter
import fr.maillage.support.TestApp
import fr.maillage.workspace.WorkspaceFrames.CreateDocumentCommand
import fr.maillage.workspace.WorkspaceFrames.CreateWorkspaceCommand
import fr.maillage.workspace.WorkspaceService
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * The main list reads cost a fixed number of SQL statements: the count at a small and at a ten
 * times larger size is the same (it used to grow by two per post on a thread page, one per
 * workspace and per document on the workspace pages). Counted on the calling thread by
 * {@link StatementCounter}, around the service call each endpoint makes.
 */
class QueryCountSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(countStatements: true)
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    UUID adminId = UUID.fromString(admin.get('/api/me').json.id as String)

    def caller(UUID id = adminId) { app.bean(EmailCallers).of(id) }

    UUID member() { UUID.fromString(Accounts.invited(app, admin, 'member').get('/api/me').json.id as String) }

    /** A thread of {@code posts} posts, each with a reaction and a mention. */
    UUID thread(int posts, UUID mentioned) {
        def discussions = app.bean(DiscussionService)
        UUID thread = discussions.createThread(caller(), new CreateThreadCommand(UUID.randomUUID().toString(), 'vie-du-reseau', 'discussion',
                "Fil de ${posts} messages", 'Premier message', [mentioned])).result().threadId as UUID
        (posts - 1).times { i ->
            def reply = discussions.reply(caller(), new ReplyCommand(UUID.randomUUID().toString(), thread, "Réponse ${i}", null, [mentioned]))
            discussions.react(caller(), new ReactCommand(UUID.randomUUID().toString(), reply.result().postId as UUID, '👍', true))
        }
        thread
    }

    def "a thread page costs the same number of statements at 10 and at 100 posts with reactions and mentions"() {
        given:
        UUID mentioned = member()
        UUID small = thread(10, mentioned)
        UUID large = thread(100, mentioned)
        def discussions = app.bean(DiscussionService)

        when:
        def pages = [:]
        int atSmall = StatementCounter.count { pages.small = discussions.threadPage(caller(), small) }
        int atLarge = StatementCounter.count { pages.large = discussions.threadPage(caller(), large) }

        then: 'the pages are whole'
        pages.small.posts().size() == 10
        pages.large.posts().size() == 100
        pages.large.posts()[1].reactions()['👍'] == [adminId]
        pages.large.posts()*.mentions().every { it*.id() == [mentioned] }

        and:
        atSmall > 0
        atLarge == atSmall

        and: 'the theme page and the theme list do not grow with the threads either'
        int themeBefore = StatementCounter.count { discussions.themePage(caller(), 'vie-du-reseau') }
        int themesBefore = StatementCounter.count { discussions.themes(caller()) }
        10.times { thread(1, mentioned) }
        StatementCounter.count { discussions.themePage(caller(), 'vie-du-reseau') } == themeBefore
        StatementCounter.count { discussions.themes(caller()) } == themesBefore
    }

    def "the workspace list and a workspace page cost the same at 1 and at 8 workspaces and documents"() {
        given:
        def workspaces = app.bean(WorkspaceService)
        UUID person = member()
        def create = { int documents ->
            def ws = workspaces.create(caller(person), new CreateWorkspaceCommand("Atelier ${UUID.randomUUID()}", 'Écrire ensemble', null))
            documents.times { workspaces.createDocument(caller(person), ws.id(), new CreateDocumentCommand("Document ${it}")) }
            ws.id()
        }
        UUID first = create(1)

        when:
        int listAtOne = StatementCounter.count { assert workspaces.workspaces(caller(person)).size() == 1 }
        int pageAtOne = StatementCounter.count { assert workspaces.page(caller(person), first).documents().size() == 1 }
        7.times { create(1) }
        UUID big = create(8)

        then:
        StatementCounter.count { assert workspaces.workspaces(caller(person)).size() == 9 } == listAtOne
        StatementCounter.count { assert workspaces.page(caller(person), big).documents().size() == 8 } == pageAtOne
    }

    def "the directory, the help lists and the notification page do not grow with their rows"() {
        given:
        def directory = app.bean(DirectoryService)
        def help = app.bean(HelpService)
        def notifications = app.bean(NotificationService)
        def query = new DirectoryQuery(null, null, null, null, null, null, null, null, 1)
        def counts = {
            [StatementCounter.count { directory.search(caller(), query) },
             StatementCounter.count { help.mine(caller()) },
             StatementCounter.count { help.board(caller()) },
             StatementCounter.count { notifications.page(caller(), null, 50) }]
        }
        def before = counts()

        when: 'more people, more mentions of the administrator (notifications)'
        UUID someone = member()
        6.times { member() }
        thread(12, adminId)
        app.bean(DiscussionService).createThread(caller(someone), new CreateThreadCommand(UUID.randomUUID().toString(), 'vie-du-reseau',
                'discussion', 'Qui connaît un mécène ?', 'Bonjour', [adminId]))

        then:
        notifications.page(caller(), null, 50).items().size() > 0
        counts() == before
    }
}
