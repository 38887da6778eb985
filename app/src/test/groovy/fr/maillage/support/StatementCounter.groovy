package fr.maillage.support

import java.lang.reflect.InvocationHandler
import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Method
import java.lang.reflect.Proxy
import java.sql.Connection
import java.sql.Driver
import java.sql.DriverPropertyInfo
import java.sql.SQLException
import java.sql.SQLFeatureNotSupportedException
import java.util.logging.Logger

/**
 * Counts the SQL statements a piece of code sends, on the calling thread only (so scheduled jobs
 * and other requests of the node do not blur the count). A JDBC driver for
 * {@code jdbc:counting:postgresql:…} URLs: it opens PostgreSQL connections and counts their
 * {@code prepareStatement}, {@code prepareCall} and {@code createStatement}. The pool and the
 * transactions above it are Micronaut's own, unchanged ({@code TestApp.start(countStatements: true)}).
 */
class StatementCounter implements Driver {
    static final String PREFIX = 'jdbc:counting:'
    private static final ThreadLocal<int[]> COUNT = ThreadLocal.withInitial { new int[1] }
    private static final Set<String> STATEMENTS = ['prepareStatement', 'prepareCall', 'createStatement'] as Set
    private static final Driver POSTGRES = new org.postgresql.Driver()

    static String url(String postgresUrl) { PREFIX + postgresUrl.substring('jdbc:'.length()) }

    /** How many statements {@code work} sent from this thread. */
    static int count(Closure work) {
        int before = COUNT.get()[0]
        work.call()
        COUNT.get()[0] - before
    }

    @Override
    Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null
        }
        Connection connection = POSTGRES.connect('jdbc:' + url.substring(PREFIX.length()), info)
        (Connection) Proxy.newProxyInstance(StatementCounter.classLoader, [Connection] as Class[], { Object proxy, Method m, Object[] args ->
            if (m.name in STATEMENTS) {
                COUNT.get()[0]++
            }
            if (m.name == 'unwrap' && args[0] instanceof Class && ((Class) args[0]).isInstance(connection)) {
                return connection
            }
            if (m.name == 'isWrapperFor' && args[0] instanceof Class && ((Class) args[0]).isInstance(connection)) {
                return true
            }
            try {
                m.invoke(connection, args)
            } catch (InvocationTargetException e) {
                throw e.targetException
            }
        } as InvocationHandler)
    }

    @Override
    boolean acceptsURL(String url) { url?.startsWith(PREFIX) }

    @Override
    DriverPropertyInfo[] getPropertyInfo(String url, Properties info) { POSTGRES.getPropertyInfo('jdbc:' + url.substring(PREFIX.length()), info) }

    @Override
    int getMajorVersion() { 1 }

    @Override
    int getMinorVersion() { 0 }

    @Override
    boolean jdbcCompliant() { false }

    @Override
    Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException() }
}
