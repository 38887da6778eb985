package fr.maillage.support

import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations

/** Counts rows straight in the node's database, to prove what a request wrote or did not write. */
class Rows {
    static long count(TestApp app, String sql, Object... params) {
        def jdbc = app.bean(JdbcOperations)
        def transactions = app.bean(TransactionOperations)
        transactions.executeRead { status ->
            jdbc.prepareStatement(sql) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                def rs = ps.executeQuery()
                assert rs.next()
                rs.getLong(1)
            }
        } as long
    }

    /** The first column of every row, as text. */
    static List<String> strings(TestApp app, String sql, Object... params) {
        def jdbc = app.bean(JdbcOperations)
        def transactions = app.bean(TransactionOperations)
        transactions.executeRead { status ->
            jdbc.prepareStatement(sql) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                def rs = ps.executeQuery()
                List<String> values = []
                while (rs.next()) {
                    values << rs.getString(1)
                }
                values
            }
        } as List<String>
    }

    static long invitations(TestApp app) { count(app, 'SELECT count(*) FROM invitation') }

    static long users(TestApp app) { count(app, 'SELECT count(*) FROM app_user') }

    static long mailsTo(TestApp app, String email) {
        count(app, 'SELECT count(*) FROM mail_outbox WHERE lower(recipient) = lower(?)', email)
    }
}
